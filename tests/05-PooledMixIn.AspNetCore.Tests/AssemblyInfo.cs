using System.Runtime.Versioning;

// The pool is Linux-only, and so are its tests.
[assembly: SupportedOSPlatform("linux")]
