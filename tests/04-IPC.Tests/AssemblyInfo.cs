using System.Runtime.Versioning;

// Everything under test is Linux-only by design.
[assembly: SupportedOSPlatform("linux")]
