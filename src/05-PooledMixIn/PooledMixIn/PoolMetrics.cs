using System.Diagnostics.Metrics;

namespace PooledMixIn;

/// <summary>
/// The pool's <see cref="Meter"/>, named <c>PooledMixIn</c>, published in the server process and aggregated across
/// every worker: the counters and the histogram come from the shared region, which all workers write, and the
/// gauges from the scoreboard. <c>dotnet-counters monitor --counters PooledMixIn -p &lt;server pid&gt;</c> shows it,
/// as does any <see cref="MeterListener"/> or OpenTelemetry exporter in the server process.
/// </summary>
internal sealed class PoolMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PooledMixIn";

    private readonly PoolState _state;
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly long[] _durationsSeen = new long[RequestDurations.BucketCount];

    public PoolMetrics(PoolState state, Func<IReadOnlyList<int>> servingSlots, Func<int> restarts, Func<int> hangs, Func<int> recycled)
    {
        _state = state;
        _meter = new Meter(MeterName);
        _meter.CreateObservableCounter("pooledmixin.connections.accepted", () => Volatile.Read(ref state.Counters.Accepted), "{connection}", "Connections accepted by pool threads");
        _meter.CreateObservableCounter("pooledmixin.connections.completed", () => Volatile.Read(ref state.Counters.Completed), "{connection}", "Connections served to the end");
        _meter.CreateObservableCounter("pooledmixin.connections.failed", () => Volatile.Read(ref state.Counters.Failed), "{connection}", "Connections whose handler threw");
        _meter.CreateObservableCounter("pooledmixin.handoffs.lost", () => Volatile.Read(ref state.Counters.LostHandoffs), "{handoff}", "Hand-offs never acknowledged");
        _meter.CreateObservableCounter("pooledmixin.workers.restarts", restarts, "{worker}", "Workers restarted after an unexpected exit");
        _meter.CreateObservableCounter("pooledmixin.workers.hangs", hangs, "{worker}", "Workers recycled because a thread hung");
        _meter.CreateObservableCounter("pooledmixin.workers.recycled", recycled, "{worker}", "Workers recycled after their request limit");
        _meter.CreateObservableUpDownCounter("pooledmixin.workers", () => servingSlots().Count, "{worker}", "Workers serving");
        _meter.CreateObservableUpDownCounter("pooledmixin.threads.busy", () => CountThreads(busy: true), "{thread}", "Pool threads holding a connection");
        _meter.CreateObservableUpDownCounter("pooledmixin.threads.idle", () => CountThreads(busy: false), "{thread}", "Pool threads waiting for a connection");
        _duration = _meter.CreateHistogram<double>("pooledmixin.request.duration", "ms", "How long pool threads served each request");
    }

    /// <summary>
    /// Records in the histogram the requests the workers have counted since the last call, each at its bucket's
    /// upper bound: the workers count per bucket in shared memory, so the histogram is as fine as its buckets.
    /// </summary>
    public void RecordNewDurations()
    {
        for (var bucket = 0; bucket < _durationsSeen.Length; bucket++)
        {
            var total = Volatile.Read(ref _state.Durations[bucket].Value);
            var value = RequestDurations.ValueOf(bucket);
            for (var n = total - _durationsSeen[bucket]; n > 0; n--)
            {
                _duration.Record(value);
            }

            _durationsSeen[bucket] = total;
        }
    }

    public void Dispose() => _meter.Dispose();

    private int CountThreads(bool busy)
    {
        var count = 0;
        foreach (var row in _state.Scoreboard.AsSpan())
        {
            count += busy
                ? (ThreadState.HoldsConnection(row) ? 1 : 0)
                : (row.Activity is (int)ThreadActivity.Waiting or (int)ThreadActivity.Accepting ? 1 : 0);
        }

        return count;
    }
}
