using System.Diagnostics;
using System.Diagnostics.Metrics;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The <c>PooledMixIn</c> meter, read with a <see cref="MeterListener"/>, and by dotnet-counters from outside.</summary>
public sealed class PoolMetricsTests
{
    private static readonly TimeSpan s_collectFor = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_meter_publishes_what_every_worker_wrote_to_the_shared_region()
    {
        using var state = PoolState.Create(processes: 2, threads: 2);
        state.Counters.Accepted = 7;
        state.Counters.Completed = 5;
        state.Counters.Failed = 1;
        state.SlotOf(0, 0).Activity = (int)ThreadActivity.Busy;
        state.SlotOf(1, 1).Activity = (int)ThreadActivity.Busy;
        state.SlotOf(1, 0).Activity = (int)ThreadActivity.Waiting;
        state.Durations[RequestDurations.BucketOf(3)].Value = 2; // two connections of 3 ms, counted by workers
        using var metrics = new PoolMetrics(state, () => [0, 1], () => 3, () => 1, () => 4);
        var seen = new Dictionary<string, double>();
        var durations = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "PooledMixIn")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => seen[i.Name] = v);
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => seen[i.Name] = v);
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => durations.Add(v));
        listener.Start();

        metrics.RecordNewDurations();
        metrics.RecordNewDurations(); // nothing new: nothing recorded twice
        listener.RecordObservableInstruments();

        seen.Should().Contain(new Dictionary<string, double>
        {
            ["pooledmixin.connections.accepted"] = 7, ["pooledmixin.connections.completed"] = 5,
            ["pooledmixin.connections.failed"] = 1, ["pooledmixin.handoffs.lost"] = 0,
            ["pooledmixin.workers"] = 2, ["pooledmixin.workers.restarts"] = 3, ["pooledmixin.workers.hangs"] = 1,
            ["pooledmixin.workers.recycled"] = 4, ["pooledmixin.threads.busy"] = 2, ["pooledmixin.threads.idle"] = 1,
        });
        durations.Should().Equal(5, 5);
    }

    /// <summary>
    /// The issue's own check, from outside the process: <c>dotnet-counters collect</c> (the repository's local tool,
    /// pinned in <c>.config/dotnet-tools.json</c>; <c>dotnet tool restore</c> installs it, as <c>.ci/run</c> does)
    /// attaches to the demo's server process for five seconds and finds the pool's counters, with the requests sent.
    /// </summary>
    [Fact]
    public void Dotnet_counters_reads_the_pool_meter_from_the_demos_server_process()
    {
        const int Requests = 5;
        using var server = DemoServer.Start(processes: 1, threads: 2);
        var output = Path.Combine(Path.GetTempPath(), $"pool-counters-{Guid.NewGuid():N}.json");
        using var counters = StartDotnetCounters(server.Process.Pid, output);
        try
        {
            for (var i = 0; i < Requests; i++)
            {
                server.Get($"/counted-{i}");
            }

            counters.WaitForExit(s_collectFor + TestTimeouts.Operation).Should().BeTrue("dotnet-counters stops after its --duration");
            counters.ExitCode.Should().Be(0, counters.StandardError.ReadToEnd());
            var collected = File.ReadAllText(output);

            collected.Should().Contain("\"PooledMixIn\"").And.Contain("pooledmixin.connections.accepted")
                .And.Contain("pooledmixin.threads.idle").And.Contain("pooledmixin.workers");
        }
        finally
        {
            if (!counters.HasExited)
            {
                counters.Kill(entireProcessTree: true);
                counters.WaitForExit(TestTimeouts.Operation);
            }

            File.Delete(output);
        }
    }

    private static Process StartDotnetCounters(int pid, string output)
    {
        var startInfo = new ProcessStartInfo(ChildProcess.DotnetHostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory, // inside the repository: where `dotnet tool run` finds the manifest
        };
        foreach (var argument in (string[])["tool", "run", "dotnet-counters", "collect", "--process-id", $"{pid}",
            "--counters", "PooledMixIn", "--refresh-interval", "1", "--format", "json", "--output", output,
            "--duration", $"{s_collectFor:dd\\:hh\\:mm\\:ss}"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null); // drained, so the tool never blocks on a full pipe
        return process;
    }
}
