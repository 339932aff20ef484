using Xunit.Abstractions;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>Writes the end of what the server and its workers logged to the test's output when disposed, for a failure's reader.</summary>
internal sealed class TranscriptOnFailure(DemoServer server, ITestOutputHelper output) : IDisposable
{
    private const int Lines = 30;

    public void Dispose()
    {
        var lines = server.Transcript.Split('\n');
        output.WriteLine($"--- the server's last {Lines} lines of {lines.Length} ---");
        output.WriteLine(string.Join('\n', lines.TakeLast(Lines)));
    }
}
