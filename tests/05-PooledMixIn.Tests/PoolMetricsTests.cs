using System.Diagnostics.Metrics;

namespace PooledMixIn.Tests;

/// <summary>The <c>PooledMixIn</c> meter, read with a <see cref="MeterListener"/> as dotnet-counters would.</summary>
public sealed class PoolMetricsTests
{
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
}
