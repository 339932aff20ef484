using System.Text.RegularExpressions;

namespace PooledMixIn.Ipc.Tests;

/// <summary>
/// The tutorial pulls code from these #regions with docfx, which renders a misspelled or emptied region
/// as an empty block without any warning. This keeps the regions named in src/04-IPC/README.md alive.
/// </summary>
public sealed partial class SnippetRegionTests
{
    public static TheoryData<string, string> Regions => new()
    {
        { "PooledMixIn.Ipc/SharedMemoryRegion.cs", "memfd-create" },
        { "PooledMixIn.Ipc/Internal/Futex.cs", "futex-wait" },
        { "PooledMixIn.Ipc/Internal/FutexWaitQueue.cs", "wait-loop" },
        { "PooledMixIn.Ipc/SharedWaitHandle.cs", "wait" },
        { "PooledMixIn.Ipc/SharedSemaphore.cs", "semaphore-take" },
        { "PooledMixIn.Ipc/SharedSemaphore.cs", "semaphore-release" },
        { "PooledMixIn.Ipc/SharedEvent.cs", "event-set" },
        { "PooledMixIn.Ipc/SharedEvent.cs", "event-wait-condition" },
        { "PooledMixIn.Ipc.Demo/PingPong.cs", "hand-off" },
        { "PooledMixIn.Ipc.Demo/WorkerProcess.cs", "inherit-region" },
    };

    [Theory]
    [MemberData(nameof(Regions))]
    public void A_region_the_tutorial_uses_exists_once_and_holds_code(string file, string region)
    {
        string path = Path.Combine(LayerDirectory(), file);
        string source = File.ReadAllText(path);

        var matches = RegionPattern().Matches(source).Where(m => m.Groups["name"].Value == region).ToList();

        matches.Should().ContainSingle($"#region {region} must appear exactly once in {file}");
        matches[0].Groups["body"].Value.Should().MatchRegex(@"[;{}]", "the region must contain code, not only comments");
        LayerReadme().Should().Contain($"`{region}`", "the README's code map lists every region");
    }

    [GeneratedRegex(@"#region (?<name>\S+)\r?\n(?<body>.*?)#endregion", RegexOptions.Singleline)]
    private static partial Regex RegionPattern();

    private static string LayerReadme() => File.ReadAllText(Path.Combine(LayerDirectory(), "README.md"));

    private static string LayerDirectory()
    {
        // From tests/04-IPC.Tests/bin/<Configuration>/<tfm>/ up to the repository root, which holds Tutorial.sln.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tutorial.sln")))
            {
                return Path.Combine(directory.FullName, "src", "04-IPC");
            }
        }

        throw new DirectoryNotFoundException($"No Tutorial.sln above {AppContext.BaseDirectory}.");
    }
}
