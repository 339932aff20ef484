namespace PooledMixIn.Benchmark.Servers;

/// <summary>
/// Samples a server's process tree every 100 ms while it runs: the peak of its summed resident memory, and every
/// process it ever had (so that none is left running after the server is stopped).
/// </summary>
internal sealed class ProcessTreeSampler : IDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);

    private readonly int _rootProcessId;
    private readonly Dictionary<int, ProcStat> _seen = [];
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private long _peakResidentBytes;
    private int _peakProcessCount;

    public ProcessTreeSampler(int rootProcessId)
    {
        _rootProcessId = rootProcessId;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, s_interval);
    }

    public long PeakResidentBytes
    {
        get
        {
            lock (_lock)
            {
                return _peakResidentBytes;
            }
        }
    }

    public int PeakProcessCount
    {
        get
        {
            lock (_lock)
            {
                return _peakProcessCount;
            }
        }
    }

    /// <summary>Every process seen in the tree, as first seen.</summary>
    public IReadOnlyList<ProcStat> Seen
    {
        get
        {
            lock (_lock)
            {
                return [.. _seen.Values];
            }
        }
    }

    public void Sample()
    {
        // Timer callbacks can overlap when /proc is slow; TryEnter skips a sample rather than queueing them.
        if (!_lock.TryEnter())
        {
            return;
        }

        try
        {
            var tree = ProcessTree.Snapshot(_rootProcessId);
            _peakResidentBytes = Math.Max(_peakResidentBytes, ProcessTree.ResidentBytes(tree));
            _peakProcessCount = Math.Max(_peakProcessCount, tree.Count);
            foreach (var process in tree)
            {
                _seen.TryAdd(process.ProcessId, process);
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    public void Dispose()
    {
        using var stopped = new ManualResetEvent(false);
        _timer.Dispose(stopped);
        stopped.WaitOne(TimeSpan.FromSeconds(5)); // a callback in flight finishes before we report
    }
}
