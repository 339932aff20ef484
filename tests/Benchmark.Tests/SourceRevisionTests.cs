using System.Diagnostics;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>The commit a run's figures are labelled with, and when it says "with uncommitted changes".</summary>
public sealed class SourceRevisionTests : IDisposable
{
    private readonly string _repository = Directory.CreateTempSubdirectory("source-revision-").FullName;

    public SourceRevisionTests()
    {
        Directory.CreateDirectory(Path.Combine(_repository, "docs"));
        File.WriteAllText(Path.Combine(_repository, "docs", "numbers.md"), "before\n");
        File.WriteAllText(Path.Combine(_repository, "Server.cs"), "class Server {}\n");
        Git("init", "-q");
        Git("add", ".");
        Git("-c", "user.email=test@example.invalid", "-c", "user.name=test", "commit", "-q", "-m", "first");
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    [Fact]
    public void What_the_benchmark_wrote_into_docs_does_not_make_the_code_uncommitted()
    {
        File.WriteAllText(Path.Combine(_repository, "docs", "numbers.md"), "after a suite --docs\n");

        SourceRevision.Describe(_repository).Should().MatchRegex("^[0-9a-f]{12}$");
    }

    [Fact]
    public void A_change_to_code_is_stated()
    {
        File.WriteAllText(Path.Combine(_repository, "Server.cs"), "class Server { int changed; }\n");

        SourceRevision.Describe(_repository).Should().MatchRegex("^[0-9a-f]{12} with uncommitted changes$");
    }

    private void Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = _repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var git = Process.Start(startInfo)!;
        git.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue();
        git.ExitCode.Should().Be(0, git.StandardError.ReadToEnd());
    }
}
