namespace PooledMixIn.Ipc.Tests;

/// <summary>Tests that create or inspect /dev/shm entries of this process: run alone, not in parallel with the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DevShmTests
{
    public const string Name = "/dev/shm entries of this process";
}
