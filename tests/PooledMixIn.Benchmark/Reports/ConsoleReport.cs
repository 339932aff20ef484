using System.Globalization;
using System.Text;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>The results as a plain-text table, in the spirit of the seed's siege output.</summary>
internal static class ConsoleReport
{
    public static void Write(TextWriter writer, SuiteReport report)
    {
        writer.WriteLine(MarkdownReport.MachineLine(report.Machine));
        writer.WriteLine(MarkdownReport.ClientLine(report.Settings));
        foreach (var mode in report.Settings.Passes)
        {
            var results = report.Pass(mode).ToList();
            if (results.Count == 0)
            {
                continue;
            }

            writer.WriteLine();
            writer.WriteLine(mode.Title(report.Settings.SleepMilliseconds));
            WriteTable(writer, report, results);
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"suite took {report.Elapsed.TotalSeconds:F0} s"));
    }

    public static void WriteLoad(TextWriter writer, LoadResult load)
    {
        var latency = load.Latency;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            requests:    {load.GoodResponses} good in {load.Elapsed.TotalSeconds:F2} s, {load.ConnectionsOpened} connections
            throughput:  {load.RequestsPerSecond:F0} req/s
            latency ms:  p50 {ResultColumns.Millis(latency.ValueAtPercentile(50))}  p90 {ResultColumns.Millis(latency.ValueAtPercentile(90))}  p99 {ResultColumns.Millis(latency.ValueAtPercentile(99))}  max {ResultColumns.Millis(latency.Max)}  mean {latency.Mean / 1000:F2}
            errors:      {ResultColumns.Errors(load)}
            processes:   {ResultColumns.Processes(load.Workers)}
            threads:     {ResultColumns.Threads(load.Workers)}
            client CPU:  {(load.GoodResponses > 0 ? load.ClientCpu.TotalMicroseconds / load.GoodResponses : 0):F0} µs/req, {(load.GoodResponses > 0 ? load.ClientAllocatedBytes / load.GoodResponses : 0)} bytes allocated/req
            """));
        foreach (var sample in load.ErrorSamples)
        {
            writer.WriteLine("  e.g. " + sample);
        }
    }

    public static void WriteCatalogue(TextWriter writer)
    {
        foreach (var design in DesignCatalogue.All)
        {
            writer.WriteLine($"{design.Name,-26} layer {design.LayerLabel,-3} {design.Project,-30} {string.Join(' ', design.Arguments),-50} {design.Description}");
        }
    }

    public static string FailureReason(DesignResult result) => result switch
    {
        { Status: DesignStatus.Failed } when result.Note.StartsWith("build failed", StringComparison.Ordinal) => $"{result.Design.Project}: {result.Note}",
        { Status: DesignStatus.Failed } => $"{result.Design.Name} ({result.Mode.Describe(SuiteSettings.DefaultSleepMilliseconds)}): {result.Note}",
        { Load: { } load } when load.TotalErrors > 0 || result.WarmupErrors > 0 =>
            $"{result.Design.Name} ({result.Mode.Describe(SuiteSettings.DefaultSleepMilliseconds)}): errors {ResultColumns.Errors(load)}, {result.WarmupErrors} in warm-up; {string.Join(" / ", load.ErrorSamples)}",
        _ => $"{result.Design.Name} ({result.Mode.Describe(SuiteSettings.DefaultSleepMilliseconds)}): stop {result.Stop}",
    };

    private static void WriteTable(TextWriter writer, SuiteReport report, List<DesignResult> results)
    {
        var columns = ResultColumns.All;
        var measured = results.Where(r => r.Status == DesignStatus.Measured).ToList();
        var cells = measured.Select(r => columns.Select(c => c.Cell(report, r)).ToArray()).ToList();
        var widths = columns.Select((c, i) => cells.Select(row => row[i].Length).Append(c.Header.Length).Max()).ToArray();

        writer.WriteLine(Row(columns.Select(c => c.Header).ToArray()));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            writer.WriteLine(Row(row));
        }

        foreach (var line in MarkdownReport.SkippedLines(results))
        {
            writer.WriteLine(line);
        }

        string Row(string[] values)
        {
            var line = new StringBuilder();
            for (var i = 0; i < values.Length; i++)
            {
                line.Append(columns[i].AlignRight ? values[i].PadLeft(widths[i]) : values[i].PadRight(widths[i])).Append("  ");
            }

            return line.ToString().TrimEnd();
        }
    }
}
