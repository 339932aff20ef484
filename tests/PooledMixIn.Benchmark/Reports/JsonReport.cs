using System.Text;
using System.Text.Json;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>The results as JSON, with everything the tables summarise (every worker's count, every error kind).</summary>
internal static class JsonReport
{
    public static string Render(SuiteReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteMachine(json, report.Machine);
            WriteSettings(json, report.Settings);
            json.WriteNumber("elapsedSeconds", Math.Round(report.Elapsed.TotalSeconds, 1));
            json.WriteStartArray("results");
            foreach (var result in report.Results)
            {
                WriteResult(json, report, result);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteMachine(Utf8JsonWriter json, MachineInfo machine)
    {
        json.WriteStartObject("machine");
        json.WriteString("cpu", machine.Cpu);
        json.WriteNumber("cores", machine.Cores);
        json.WriteString("os", machine.OperatingSystem);
        json.WriteString("kernel", machine.Kernel);
        json.WriteString("runtime", machine.Runtime);
        json.WriteString("date", machine.Date);
        json.WriteString("loadAverageAtStart", machine.LoadAverage);
        json.WriteString("loadAverageAtEnd", machine.LoadAverageAtEnd);
        json.WriteString("revision", machine.Revision);
        json.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter json, SuiteSettings settings)
    {
        json.WriteStartObject("client");
        json.WriteString("generator", "PooledMixIn.Benchmark closed-loop client (async sockets), same machine");
        json.WriteNumber("clients", settings.Clients);
        json.WriteNumber("durationSeconds", settings.Duration.TotalSeconds);
        json.WriteNumber("warmupSeconds", settings.Warmup.TotalSeconds);
        json.WriteNumber("timeoutSeconds", settings.Timeout.TotalSeconds);
        json.WriteNumber("rounds", settings.Rounds);
        json.WriteNumber("sleepMilliseconds", settings.SleepMilliseconds);
        json.WriteBoolean("quick", settings.Quick);
        json.WriteString("configuration", settings.Configuration);
        json.WriteEndObject();
    }

    private static void WriteWrk(Utf8JsonWriter json, DesignResult result)
    {
        if (result.Wrk is not { } wrk)
        {
            json.WriteNull("wrk");
            json.WriteString("wrkNote", result.WrkNote);
            return;
        }

        json.WriteStartObject("wrk");
        json.WriteNumber("requestsPerSecond", Math.Round(wrk.RequestsPerSecond, 1));
        json.WriteNumber("requests", wrk.Requests);
        json.WriteNumber("non2xx", wrk.Non2xx);
        json.WriteNumber("connectErrors", wrk.ConnectErrors);
        json.WriteNumber("readErrors", wrk.ReadErrors);
        json.WriteNumber("writeErrors", wrk.WriteErrors);
        json.WriteNumber("timeouts", wrk.Timeouts);
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, SuiteReport report, DesignResult result)
    {
        json.WriteStartObject();
        json.WriteString("design", result.Design.Name);
        json.WriteNumber("layer", result.Design.Layer);
        json.WriteString("unp", result.Design.Stevens);
        json.WriteString("description", result.Design.Description);
        json.WriteString("demo", result.Design.Project + (result.Design.Arguments.Count > 0 ? " " + string.Join(' ', result.Design.Arguments) : ""));
        json.WriteString("build", result.Design.NativeAot ? "NativeAOT" : "JIT");
        json.WriteString("environment", result.Design.EnvironmentText);
        json.WriteString("connection", result.Mode.KeepsAlive() ? "keep-alive" : "close");
        json.WriteString("path", result.Load?.Settings.Path);
        json.WriteString("status", result.Status.ToString());
        json.WriteString("note", result.Note);
        if (result.Load is { } load)
        {
            json.WriteNumber("seconds", Math.Round(load.Elapsed.TotalSeconds, 3));
            json.WriteNumber("requests", load.GoodResponses);
            json.WriteNumber("requestsPerSecond", Math.Round(load.RequestsPerSecond, 1));
            WriteWrk(json, result);
            json.WriteStartArray("roundsRequestsPerSecond");
            foreach (var round in result.RoundThroughputs)
            {
                json.WriteNumberValue(Math.Round(round, 1));
            }

            json.WriteEndArray();
            WriteRatio(json, "vsKestrel", report.Ratio(result, Servers.DesignCatalogue.Reference));
            WriteRatio(json, "vsThreading", report.Ratio(result, Servers.DesignCatalogue.ThreadPerConnection));
            json.WriteNumber("connections", load.ConnectionsOpened);
            json.WriteStartObject("latencyMicroseconds");
            json.WriteNumber("p50", load.Latency.ValueAtPercentile(50));
            json.WriteNumber("p90", load.Latency.ValueAtPercentile(90));
            json.WriteNumber("p99", load.Latency.ValueAtPercentile(99));
            json.WriteNumber("max", load.Latency.Max);
            json.WriteNumber("mean", Math.Round(load.Latency.Mean, 1));
            json.WriteEndObject();
            json.WriteStartObject("errors");
            foreach (var kind in Enum.GetValues<ErrorKind>())
            {
                json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()), load.ErrorCount(kind));
            }

            json.WriteNumber("warmup", result.WarmupErrors);
            json.WriteEndObject();
            json.WriteStartArray("errorSamples");
            foreach (var sample in load.ErrorSamples)
            {
                json.WriteStringValue(sample);
            }

            json.WriteEndArray();
            json.WriteNumber("serverCpuSeconds", Math.Round(result.ServerCpu.TotalSeconds, 3));
            json.WriteNumber("serverCpuMicrosecondsPerRequest", Math.Round(result.ServerCpuMicrosPerRequest, 1));
            json.WriteNumber("clientCpuMicrosecondsPerRequest", Math.Round(result.ClientCpuMicrosPerRequest, 1));
            json.WriteNumber("clientBytesAllocatedPerRequest", load.GoodResponses > 0 ? load.ClientAllocatedBytes / load.GoodResponses : 0);
            json.WriteNumber("peakRssBytes", result.PeakResidentBytes);
            json.WriteNumber("pssBytes", result.ProportionalBytes);
            json.WriteNumber("peakProcesses", result.PeakProcessCount);
            json.WriteNumber("startupMilliseconds", Math.Round(result.StartupTime.TotalMilliseconds, 1));
            json.WriteString("stop", result.Stop?.ToString());
            WriteWorkers(json, load.Workers);
        }

        json.WriteEndObject();
    }

    private static void WriteRatio(Utf8JsonWriter json, string name, double? ratio)
    {
        if (ratio is { } value)
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteWorkers(Utf8JsonWriter json, WorkerTally workers)
    {
        json.WriteStartObject("responsesPerProcess");
        foreach (var (processId, count) in workers.ByProcess.OrderBy(p => p.Key))
        {
            json.WriteNumber(processId.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
        }

        json.WriteEndObject();
        json.WriteStartArray("responsesPerThread");
        foreach (var (processId, thread, count) in workers.ByThread.OrderBy(t => t.ProcessId).ThenByDescending(t => t.Count))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", processId);
            json.WriteString("thread", thread);
            json.WriteNumber("responses", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
