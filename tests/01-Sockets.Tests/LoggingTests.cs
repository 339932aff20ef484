using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>Which category and level each of layer 1's log events has, so an application can filter them apart.</summary>
public sealed class LoggingTests
{
    private static readonly HttpRequestLimits s_smallLimits = new()
    {
        MaxRequestLineLength = 64,
        MaxHeaderBytes = 256,
        MaxHeaderCount = 4,
        MaxBodyLength = 16,
    };

    [Fact]
    public void An_answered_request_is_one_information_line_in_the_access_category()
    {
        var log = new RecordingLoggerProvider();

        Serve(log, () => new EchoHttpHandler(), "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            .StatusCode.Should().Be(200);

        log.Entries.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Category = LogCategories.Access, Level = LogLevel.Information },
            "the access log is a category of its own, apart from the server's diagnostics");
        log.Entries[0].Message.Should().EndWith("\"GET /hello HTTP/1.1\" 200");
    }

    [Theory]
    [InlineData("GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 17\r\n\r\n", 413)]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431)]
    [InlineData("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501)]
    [InlineData("DELETE / HTTP/1.1\r\nHost: t\r\n\r\n", 405)]
    public void A_client_error_is_logged_in_the_access_category_below_warning(string request, int status)
    {
        var log = new RecordingLoggerProvider();

        Serve(log, () => new EchoHttpHandler { Limits = s_smallLimits }, request).StatusCode.Should().Be(status);

        log.Entries.Should().NotBeEmpty().And.OnlyContain(
            e => e.Category == LogCategories.Access && e.Level < LogLevel.Warning,
            "a client's mistake is not the server's fault: a server facing the internet would warn all day");
        log.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.EndsWith($" {status}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_handler_failure_is_an_error_in_the_server_category()
    {
        var log = new RecordingLoggerProvider();

        Serve(log, () => new FailingHttpHandler(), "GET / HTTP/1.1\r\nHost: t\r\n\r\n").StatusCode.Should().Be(500);

        log.WaitFor(e => e.Category == LogCategories.Server).Level.Should().Be(LogLevel.Error, "a server fault stays an error");
    }

    [Fact]
    public void Filtering_the_access_category_out_keeps_the_server_diagnostics()
    {
        var log = new RecordingLoggerProvider();

        Serve(log, () => new FailingHttpHandler(), "GET / HTTP/1.1\r\nHost: t\r\n\r\n",
            logging => logging.AddFilter(LogCategories.Access, LogLevel.None));

        log.WaitFor(e => e.Category == LogCategories.Server);
        log.Entries.Should().NotContain(e => e.Message.Contains("\"GET / HTTP/1.1\"", StringComparison.Ordinal),
            "the access log, and only it, was filtered out by its category");
    }

    [Fact]
    public void A_server_nobody_configured_logs_warnings_and_errors_to_standard_error()
    {
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new EchoHttpHandler());

        server.Logger.IsEnabled(LogLevel.Warning).Should().BeTrue();
        server.AccessLogger.IsEnabled(LogLevel.Information).Should().BeFalse("by default only what went wrong is written");
    }

    private static HttpResponse Serve(
        RecordingLoggerProvider log, Func<BaseRequestHandler> handler, string request, Action<ILoggingBuilder>? configure = null)
    {
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace).AddProvider(log);
            configure?.Invoke(logging);
        });
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), handler) { LoggerFactory = loggerFactory };
        using var serving = new ServingThread(server);
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send(Encoding.Latin1.GetBytes(request));
        return client.ReadResponse();
    }
}
