using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PooledMixIn;

/// <summary>
/// In the server process: reads the scoreboard a few times a second and acts on it, the part of Apache's and
/// gunicorn's arbiters that the seed's TODO asked for. A thread busy past the hang timeout, or a worker past its
/// request limit, gets its worker replaced (replacement first); too few or too many idle threads grow or shrink the
/// pool between its bounds, at most one worker per sizing interval. It also feeds the metrics' duration histogram.
/// </summary>
internal sealed class PoolMonitor : IDisposable
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(250);
    private readonly PoolState _state;
    private readonly PoolPolicies _policies;
    private readonly WorkerControl _workers;
    private readonly ILogger _logger;
    private readonly PoolMetrics _metrics;
    private readonly Dictionary<int, (int Pid, long Limit)> _requestLimits = [];
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private long _lastResize;
    private int _hangs;
    private int _recycled;

    public PoolMonitor(PoolState state, PoolPolicies policies, WorkerControl workers, ILogger logger, PoolMetrics metrics)
    {
        (_state, _policies, _workers, _logger, _metrics) = (state, policies, workers, logger, metrics);
        _lastResize = Stopwatch.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = "pool-monitor" };
        _thread.Start();
    }

    /// <summary>Threads found busy past the hang timeout whose worker was recycled for it.</summary>
    public int Hangs => Volatile.Read(ref _hangs);

    /// <summary>Workers recycled after their request limit.</summary>
    public int Recycled => Volatile.Read(ref _recycled);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(s_tick))
        {
            _metrics.RecordNewDurations();
            if (!_policies.IsIdle)
            {
                Tick(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }
    }

    private void Tick(long now)
    {
        var serving = _workers.ServingSlots();
        var idle = 0;
        foreach (var slot in serving)
        {
            var rows = _state.Scoreboard.AsSpan().Slice(slot * _policies.ThreadsPerWorker, _policies.ThreadsPerWorker);
            idle += CountIdle(rows);
            if (!RecycleIfHung(slot, rows, now))
            {
                RecycleIfPastRequestLimit(slot, rows);
            }
        }

        if (_policies.Sizes)
        {
            Resize(serving, idle);
        }
    }

    #region hang-detection
    private bool RecycleIfHung(int slot, ReadOnlySpan<ThreadSlot> rows, long now)
    {
        if (_policies.HangTimeout is not { } timeout)
        {
            return false;
        }

        for (var thread = 0; thread < rows.Length; thread++)
        {
            var row = rows[thread];
            var busy = TimeSpan.FromMilliseconds(ThreadState.RequestMilliseconds(row, now)); // a request, not a waiting client
            if (busy > timeout && _workers.ReplaceGracefully(slot))
            {
                Interlocked.Increment(ref _hangs);
                Log.HangDetected(_logger, slot, thread, row.ProcessId, row.Path, busy, timeout);
                return true;
            }
        }

        return false;
    }
    #endregion

    #region max-requests
    private void RecycleIfPastRequestLimit(int slot, ReadOnlySpan<ThreadSlot> rows)
    {
        if (_policies.MaxRequests == 0 || rows[0].ProcessId == 0)
        {
            return; // no limit, or the worker has not marked its rows yet
        }

        var pid = rows[0].ProcessId;
        if (!_requestLimits.TryGetValue(slot, out var limit) || limit.Pid != pid)
        {
            // Each worker its own limit, so that workers started together are not all recycled together.
            limit = (pid, _policies.MaxRequests + Random.Shared.Next(_policies.MaxRequestsJitter + 1));
            _requestLimits[slot] = limit;
        }

        long requests = 0;
        foreach (var row in rows)
        {
            requests += row.Requests;
        }

        if (requests >= limit.Limit && _workers.ReplaceGracefully(slot))
        {
            Interlocked.Increment(ref _recycled);
            Log.MaxRequestsReached(_logger, slot, pid, requests);
        }
    }
    #endregion

    #region dynamic-sizing
    private void Resize(IReadOnlyList<int> serving, int idle)
    {
        if (Stopwatch.GetElapsedTime(_lastResize) < _policies.SizingInterval)
        {
            return; // rate-limited: a worker takes a while to start, and the load a while to settle
        }

        if (idle < _policies.MinSpareThreads && serving.Count < _policies.MaxProcesses && _workers.Add())
        {
            Log.Growing(_logger, idle, _policies.MinSpareThreads, serving.Count + 1);
            _lastResize = Stopwatch.GetTimestamp();
        }
        else if (idle > _policies.MaxSpareThreads && serving.Count > _policies.MinProcesses && MostIdle(serving) is { } slot
            && _workers.Retire(slot))
        {
            Log.Shrinking(_logger, idle, _policies.MaxSpareThreads, slot, serving.Count - 1);
            _lastResize = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The serving worker with the most idle threads (the latest started, among equals): the cheapest to retire.</summary>
    private int? MostIdle(IReadOnlyList<int> serving)
    {
        int? best = null;
        var bestIdle = -1;
        foreach (var slot in serving)
        {
            var idle = CountIdle(_state.Scoreboard.AsSpan().Slice(slot * _policies.ThreadsPerWorker, _policies.ThreadsPerWorker));
            if (idle >= bestIdle)
            {
                (best, bestIdle) = (slot, idle);
            }
        }

        return best;
    }
    #endregion

    private static int CountIdle(ReadOnlySpan<ThreadSlot> rows)
    {
        var idle = 0;
        foreach (var row in rows)
        {
            idle += row.Activity is (int)ThreadActivity.Waiting or (int)ThreadActivity.Accepting ? 1 : 0;
        }

        return idle;
    }
}
