using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests;

/// <summary>The layer-2 sample, run as a real process: it serves with either mix-in and stops on GET /shutdown.</summary>
public sealed partial class DemoTests
{
    private static readonly string s_demoPath = typeof(DemoTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "DemoAssemblyPath").Value!;

    [Theory]
    [InlineData("threading", "4", "request-")]
    [InlineData("prethreaded", "4", "prethreaded-")]
    [InlineData("turn-taking", "4", "turn-taking-")]
    public void The_demo_serves_on_named_threads_and_stops_on_shutdown(string mixIn, string threads, string threadPrefix)
    {
        using var demo = ChildProcess.StartDotnet(s_demoPath, ["--mixin", mixIn, "--threads", threads, "--port", "0"]);

        var first = demo.ReadLine(TestTimeouts.Operation);
        var match = ListeningLine().Match(first);
        match.Success.Should().BeTrue($"the first line announces the address and the mix-in, not '{first}'");
        match.Groups["mixin"].Value.Should().Be(mixIn);
        var endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));

        var line = DemoLine.Parse(RawHttpClient.Get(endPoint, "/test").Text);
        line.ProcessId.Should().Be(demo.Id);
        line.Uri.Should().Be("/test");
        line.Thread.Should().StartWith(threadPrefix);

        RawHttpClient.Get(endPoint, "/shutdown").StatusCode.Should().Be(200);
        demo.WaitForExit(TestTimeouts.Operation).Should().Be(0, demo.Transcript);
        demo.Transcript.Should().Contain("server stopped (accepted 2, completed 2, failed 0");
    }

    [Fact]
    public void An_unknown_mixin_is_refused_with_exit_code_2()
    {
        using var demo = ChildProcess.StartDotnet(s_demoPath, ["--mixin", "forking", "--port", "0"]);

        demo.WaitForExit(TestTimeouts.Operation).Should().Be(2);
        demo.Transcript.Should().Contain("--mixin must be 'threading', 'prethreaded' or 'turn-taking'");
    }

    [GeneratedRegex(@"^listening on http://127\.0\.0\.1:(?<port>\d+)/ \((?<mixin>threading|prethreaded|turn-taking), ")]
    private static partial Regex ListeningLine();
}
