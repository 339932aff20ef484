using System.Text.Json;
using PooledMixIn.Benchmark.Reports;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Goals;

/// <summary>
/// A suite run read back from its <c>results.json</c>: the machine line and the measured rows. Goals are judged from
/// the saved file rather than from the live run, so a run kept from a quiet machine can be judged again later.
/// </summary>
internal sealed record SavedRun(string MachineLine, IReadOnlyList<SavedRow> Rows)
{
    /// <summary>The measured row of a design in a pass, or null when it was not measured there.</summary>
    public SavedRow? Find(string design, SuitePass pass) =>
        Rows.FirstOrDefault(r => r.Pass == pass && string.Equals(r.Design, design, StringComparison.Ordinal));

    /// <exception cref="JsonException">The text is not a suite's results.json.</exception>
    public static SavedRun Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var machine = root.GetProperty("machine");
        var info = new MachineInfo(
            machine.GetProperty("cpu").GetString() ?? "",
            machine.GetProperty("cores").GetInt32(),
            machine.GetProperty("os").GetString() ?? "",
            machine.GetProperty("kernel").GetString() ?? "",
            machine.GetProperty("runtime").GetString() ?? "",
            machine.GetProperty("date").GetDateTimeOffset(),
            machine.GetProperty("loadAverageAtStart").GetString() ?? "")
        {
            LoadAverageAtEnd = machine.GetProperty("loadAverageAtEnd").GetString() ?? "",
            Revision = machine.GetProperty("revision").GetString() ?? "",
        };
        var sleep = root.GetProperty("client").GetProperty("sleepMilliseconds").GetInt32();
        var rows = root.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == nameof(DesignStatus.Measured))
            .Select(r => ReadRow(r, sleep))
            .ToList();
        return new SavedRun(MarkdownReport.MachineLine(info), rows);
    }

    private static SavedRow ReadRow(JsonElement result, int sleepMilliseconds)
    {
        var path = result.GetProperty("path").GetString();
        var pass = result.GetProperty("connection").GetString() == "keep-alive" ? SuitePass.KeepAlive
            : path == SuitePass.SlowHandler.RequestPath(sleepMilliseconds) ? SuitePass.SlowHandler
            : SuitePass.NewConnection;
        var wrk = result.GetProperty("wrk");
        return new SavedRow(
            result.GetProperty("design").GetString() ?? "",
            pass,
            result.GetProperty("requestsPerSecond").GetDouble(),
            wrk.ValueKind == JsonValueKind.Object ? wrk.GetProperty("requestsPerSecond").GetDouble() : null,
            [.. result.GetProperty("roundsRequestsPerSecond").EnumerateArray().Select(e => e.GetDouble())],
            result.GetProperty("peakRssBytes").GetInt64(),
            result.GetProperty("pssBytes").GetInt64(),
            result.GetProperty("startupMilliseconds").GetDouble());
    }
}
