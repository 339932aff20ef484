using System.Runtime.Versioning;

// The pool stands on memfd, futex and PR_SET_PDEATHSIG: Linux only, said once for the whole assembly.
[assembly: SupportedOSPlatform("linux")]
