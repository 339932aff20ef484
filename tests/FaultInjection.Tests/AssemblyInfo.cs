using System.Runtime.Versioning;

// The faults are Linux faults (SIGKILL, RLIMIT_NOFILE, /proc), and the pool under test is Linux-only.
[assembly: SupportedOSPlatform("linux")]

// Each test loads two cores on its own (a pool of processes and a flood of clients); run side by side, they would
// measure each other. One at a time keeps every bound honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
