using System.Runtime.Versioning;
using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>
/// Starting a server the way the suite does, with a stand-in in Python: a shell script that says something, then
/// execs a server that prints the listening line and answers every GET with <c>ok</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ServerProcessTests : IDisposable
{
    private const string Server = """
        import http.server
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print("listening on http://127.0.0.1:%d/ (stand-in)" % server.server_address[1], flush=True)
        server.serve_forever()
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("server-process-").FullName;

    [Fact]
    public async Task Log_lines_before_the_listening_line_are_kept_and_the_server_still_starts()
    {
        var program = WriteServer("echo 'warn: Supervisor[324] signals ignored when this process started stay ignored'");

        using var server = await ServerProcess.StartAsync(program, [], new Dictionary<string, string>(), ("/", "ok"), CancellationToken.None);

        server.EndPoint.Port.Should().BePositive();
        server.Transcript.Should().StartWith("warn: Supervisor[324]");
    }

    [Fact]
    public async Task A_server_whose_output_ends_without_the_listening_line_is_reported_with_what_it_said()
    {
        var program = Path.Combine(_directory, "mute");
        File.WriteAllText(program, "#!/bin/sh\necho 'fatal: no port for you'\nexit 3\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = () => ServerProcess.StartAsync(program, [], new Dictionary<string, string>(), ("/", "ok"), CancellationToken.None);

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*without a 'listening on*fatal: no port for you*");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteServer(string before)
    {
        File.WriteAllText(Path.Combine(_directory, "server.py"), Server);
        var program = Path.Combine(_directory, "server");
        File.WriteAllText(program, $"#!/bin/sh\n{before}\nexec python3 -u '{Path.Combine(_directory, "server.py")}'\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return program;
    }
}
