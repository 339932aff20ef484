using System.Runtime.Versioning;

// The pool under this server is Linux only (memfd, futex, PR_SET_PDEATHSIG), and so is the server.
[assembly: SupportedOSPlatform("linux")]
