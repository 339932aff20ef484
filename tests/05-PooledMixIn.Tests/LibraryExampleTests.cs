using System.Text.Json;
using PooledMixIn.Preforking;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// The tutorial's library example as a user runs it: its routes, its state shared by every worker, and its logs
/// (JSON from every process, categories filtered apart).
/// </summary>
public sealed partial class LibraryExampleTests
{
    [Fact]
    public void Every_line_the_server_process_writes_with_JSON_logs_parses_as_JSON_the_workers_lines_included()
    {
        using var server = LibraryExampleServer.Start("--log", "json");
        server.Send("GET", "/").StatusCode.Should().Be(200);
        server.Send("PUT", "/cache/k", new string('v', 100)).StatusCode.Should().Be(400);
        server.Send("GET", "/missing").StatusCode.Should().Be(404);

        var entries = server.Terminate().Select(ParseJson).ToList();

        entries.Should().Contain(e => Role(e) == "worker" && Category(e) == "PooledMixIn.Access",
            "the workers' access lines reach the server's output as written, their process in a scope");
        entries.Should().Contain(e => Role(e) == "server" && Category(e) == PreforkingMixIn.SupervisorLogCategory);
    }

    [Fact]
    public void The_access_log_filtered_out_by_its_category_leaves_the_supervisors_lines()
    {
        using var server = LibraryExampleServer.Start("--log", "json", "--access-log", "off");
        server.Send("GET", "/").StatusCode.Should().Be(200);

        var entries = server.Terminate().Select(ParseJson).ToList();

        entries.Select(Category).Should().Contain(PreforkingMixIn.SupervisorLogCategory, "only the access log was switched off");
        entries.Should().NotContain(e => e.GetProperty("Message").GetString()!.Contains("\"GET / HTTP/1.1\"", StringComparison.Ordinal),
            "the access log, in its own category, was filtered out");
    }

    [Fact]
    public void With_WorkerOutput_Prefixed_each_forwarded_worker_line_names_its_worker_and_the_servers_own_lines_do_not()
    {
        using var server = LibraryExampleServer.Start("--worker-output", "prefixed");
        server.Send("GET", "/").StatusCode.Should().Be(200);

        var lines = server.Terminate();

        lines.Should().Contain(l => WorkerPrefix().IsMatch(l) && l.Contains("PooledMixIn.Access", StringComparison.Ordinal),
            "a worker's access line is forwarded after [worker N pid P]");
        lines.Where(l => l.Contains("PooledMixIn.Supervisor", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(l => !l.StartsWith('['), "the server process's own lines are not forwarded");
    }

    [Fact]
    public void The_routing_table_answers_404_for_an_unknown_path_and_405_with_Allow_for_a_method_the_path_does_not_take()
    {
        using var server = LibraryExampleServer.Start();

        server.Send("GET", "/").StatusCode.Should().Be(200);
        server.Send("GET", "/nowhere").StatusCode.Should().Be(404);
        server.Send("GET", "/cache/a/b").StatusCode.Should().Be(404, "a template parameter is one path segment");
        var refused = server.Send("DELETE", "/visits");
        refused.StatusCode.Should().Be(405);
        refused.Header("Allow").Should().Be("GET, POST, HEAD");
        server.Send("PATCH", "/visits").StatusCode.Should().Be(405, "no route takes PATCH: the handler does not implement it");
        server.SendRaw("HEAD /visits HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            .Should().StartWith("HTTP/1.1 200 ").And.EndWith("\r\n\r\n", "HEAD answers GET's headers without its body");
    }

    [Fact]
    public void A_value_cached_through_one_worker_is_read_and_removed_through_any()
    {
        using var server = LibraryExampleServer.Start();

        server.Send("PUT", "/cache/sky", "blue").StatusCode.Should().Be(204);
        var reads = Enumerable.Range(0, 20).Select(_ => server.Send("GET", "/cache/sky")).ToList();
        server.Send("DELETE", "/cache/sky").StatusCode.Should().Be(204);

        reads.Should().OnlyContain(r => r.StatusCode == 200 && r.Text.Contains("\"value\":\"blue\"", StringComparison.Ordinal));
        server.Send("GET", "/cache/sky").StatusCode.Should().Be(404);
        server.Send("DELETE", "/cache/sky").StatusCode.Should().Be(404);
        server.Send("PUT", "/cache/sky", new string('x', 65)).StatusCode.Should().Be(400, "an entry holds at most 64 bytes");
    }

    [Fact]
    public void The_shared_counter_numbers_concurrent_visits_from_every_worker_exactly_once()
    {
        const int Visits = 400;
        using var server = LibraryExampleServer.Start();

        var answers = Concurrently.Run(Visits, parallelism: 16, _ => JsonDocument.Parse(server.Send("POST", "/visits").Body).RootElement.Clone());

        answers.Select(a => a.GetProperty("visits").GetInt64()).Should().BeEquivalentTo(Enumerable.Range(1, Visits).Select(n => (long)n),
            "an atomic add in shared memory hands out 1 to N, none lost and none twice, whichever worker counts");
        JsonDocument.Parse(server.Send("GET", "/visits").Body).RootElement.GetProperty("visits").GetInt64().Should().Be(Visits);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[worker \d+ pid \d+\] ")]
    private static partial System.Text.RegularExpressions.Regex WorkerPrefix();

    private static JsonElement ParseJson(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"Not a JSON line: {line} ({exception.Message})");
        }
    }

    private static string? Category(JsonElement entry) => entry.GetProperty("Category").GetString();

    private static string? Role(JsonElement entry) =>
        entry.GetProperty("Scopes").EnumerateArray().Select(s => s.TryGetProperty("Role", out var role) ? role.GetString() : null)
            .FirstOrDefault(r => r is not null);
}
