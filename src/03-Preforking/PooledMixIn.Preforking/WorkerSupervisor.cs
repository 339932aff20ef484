using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.Preforking;

/// <summary>
/// Keeps <c>count</c> worker processes alive: starts them, restarts the ones that die (with back-off), and stops
/// them all gracefully. Everything happens on one long-lived supervisor thread, for two reasons: the pool's state
/// needs no locks, and PR_SET_PDEATHSIG — which stops a worker when its parent dies — actually fires when the
/// <em>thread</em> that started the worker exits, so that thread must live as long as the pool.
/// </summary>
internal sealed partial class WorkerSupervisor : IDisposable
{
    private const long NoRestart = long.MaxValue;
    private readonly SupervisedWorker?[] _slots;
    private readonly RestartBackoff[] _backoff;
    private readonly long[] _restartAt;
    private readonly Socket _listeningSocket;
    private readonly IReadOnlyList<SafeHandle> _extraHandles;
    private readonly int _serverOrdinal;
    private readonly ILogger _logger;
    private readonly Action _onShutdownRequested;
    private readonly Action<int> _onWorkerExited;
    private readonly int _initialCount;
    private InboxThread? _thread;
    private bool _stopping;
    private volatile bool _shutdownRequested;
    private int _started;
    private int _restarts;
    private int _unexpectedExits;

    // capacity (at least count) is how many slots there are for workers: room for replacements started before the
    // workers they replace stop, and for growth.
    public WorkerSupervisor(
        int count, int capacity, Socket listeningSocket, IReadOnlyList<SafeHandle> extraHandles, int serverOrdinal, ILogger logger,
        Action onShutdownRequested, Action<int> onWorkerExited)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, count);
        _extraHandles = extraHandles;
        _initialCount = count;
        _slots = new SupervisedWorker?[capacity];
        _backoff = [.. Enumerable.Range(0, capacity).Select(_ => new RestartBackoff())];
        _restartAt = [.. Enumerable.Repeat(NoRestart, capacity)];
        _listeningSocket = listeningSocket;
        _serverOrdinal = serverOrdinal;
        _logger = logger;
        _onShutdownRequested = onShutdownRequested;
        _onWorkerExited = onWorkerExited;
    }

    /// <summary>Whether forwarded worker output is prefixed with the worker's slot and pid (see <see cref="WorkerOutput"/>).</summary>
    public bool PrefixWorkerOutput { get; init; }

    /// <summary>Variables set (or, when null, removed) in every worker's environment (see <see cref="PreforkingMixIn.WorkerEnvironment"/>).</summary>
    public IReadOnlyDictionary<string, string?> WorkerEnvironment { get; init; } = ReadOnlyDictionary<string, string?>.Empty;

    public int WorkersStarted => Volatile.Read(ref _started);

    public int Restarts => Volatile.Read(ref _restarts);

    public int UnexpectedExits => Volatile.Read(ref _unexpectedExits);

    public IReadOnlyList<int> ProcessIds => _thread is { IsRunning: true } thread
        ? thread.Call(() => _slots.Where(w => w is not null).Select(w => w!.ProcessId).ToArray())
        : [];

    /// <summary>Starts every worker and waits until all are ready.</summary>
    /// <exception cref="WorkerStartException">A worker exited or hung before it was ready; none is left running.</exception>
    public void Start(TimeSpan startTimeout)
    {
        _thread = new InboxThread("prefork-supervisor", TimeUntilNextRestart, RestartDueWorkers);
        _thread.Call(() => StartAll(startTimeout));
    }

    /// <summary>Stops every worker: SIGTERM, a grace period for requests in flight, then SIGKILL.</summary>
    public void Stop(TimeSpan gracePeriod)
    {
        if (_thread is not { IsRunning: true } thread)
        {
            return;
        }

        thread.Call(() => StopAll(gracePeriod));
        thread.Dispose(); // runs the exits already queued, so that every worker's rows are cleared
    }

    public void Dispose()
    {
        _thread?.Dispose();
        foreach (var worker in _slots.Concat(_reloadedAway))
        {
            worker?.Dispose();
        }
    }

    #region supervisor-loop
    private void OnExited(SupervisedWorker worker)
    {
        // Wait for the end of its output and of its control channel too, so that its last words are in the tail
        // and a shutdown it asked for is known before its exit is judged.
        worker.WaitForEnd();
        if (!ReferenceEquals(_slots[worker.Slot], worker))
        {
            return;
        }

        _onWorkerExited(worker.Slot); // before a replacement can take the slot
        if (_stopping || _shutdownRequested)
        {
            return; // asked to stop, or stopping itself because the server is: not a crash, and not to be replaced
        }

        if (OnRetiredWorkerExited(worker))
        {
            return; // retired on purpose: its replacement, if it has one, already serves
        }

        _slots[worker.Slot] = null;
        _unexpectedExits++;
        var delay = _backoff[worker.Slot].NextDelay(worker.Uptime);
        _restartAt[worker.Slot] = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        Log.WorkerExited(_logger, worker.Slot, worker.ProcessId, worker.Process.ExitCode, worker.Uptime, delay, worker.OutputTail);
        worker.Dispose();
    }
    #endregion

    private void StartAll(TimeSpan startTimeout)
    {
        for (var slot = 0; slot < _initialCount; slot++)
        {
            _slots[slot] = Spawn(slot);
        }

        var started = _slots.Where(w => w is not null).Select(w => w!).ToList();
        _ = Task.WhenAll(started.Select(w => w.Ready)).Wait(startTimeout);
        var failed = started.FirstOrDefault(w => w.Ready is not { IsCompletedSuccessfully: true, Result: true });
        if (failed is null)
        {
            return;
        }

        var hung = !failed.Ready.IsCompleted;
        StopAll(TimeSpan.Zero);
        failed.Process.WaitForExit();
        throw new WorkerStartException(failed.Slot, hung ? null : failed.Process.ExitCode, failed.OutputTail);
    }

    #region graceful-stop
    private void StopAll(TimeSpan gracePeriod)
    {
        _stopping = true;
        var live = _slots.Where(w => w is not null && !w.Process.HasExited).Select(w => w!).ToList();
        foreach (var worker in live)
        {
            _ = Interop.Libc.Kill(worker.ProcessId, Interop.Libc.SIGTERM);
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(gracePeriod.TotalSeconds * Stopwatch.Frequency);
        foreach (var worker in live)
        {
            var remaining = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (!worker.Process.WaitForExit(remaining))
            {
                Log.WorkerKilled(_logger, worker.ProcessId, gracePeriod);
                worker.Process.Kill();
                worker.Process.WaitForExit();
            }
        }
    }
    #endregion

    private SupervisedWorker Spawn(int slot)
    {
        var marker = new WorkerMarker(
            WorkerRole.PreforkedWorker, slot, _serverOrdinal, Environment.ProcessId, FileDescriptors.NumberOf(_listeningSocket), -1, -1,
            [.. _extraHandles.Select(FileDescriptors.NumberOf)]);
        var (process, control) = WorkerSpawner.Start(marker, [_listeningSocket.SafeHandle, .. _extraHandles], WorkerEnvironment);
        _started++;
        Log.WorkerStarted(_logger, slot, process.Id);
        return new SupervisedWorker(
            slot,
            process,
            control,
            forwardStandardOutput: true,
            prefixOutput: PrefixWorkerOutput,
            onShutdownRequested: _ => OnShutdownRequested(),
            onExited: exited => _thread?.Post(() => OnExited(exited)));
    }

    /// <summary>
    /// On the control channel's reader: a handler asked the server to stop. Recorded here, at once, because the
    /// worker whose handler asked may stop before the server acts on the request (through the thread pool), and its
    /// exit must not be mistaken for a crash and answered with a replacement.
    /// </summary>
    private void OnShutdownRequested()
    {
        _shutdownRequested = true;
        _onShutdownRequested();
    }

    private void RestartDueWorkers()
    {
        if (_stopping || _shutdownRequested)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is not null || _restartAt[slot] > now)
            {
                continue;
            }

            try
            {
                _restartAt[slot] = NoRestart;
                _slots[slot] = Spawn(slot);
                _restarts++;
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                var delay = _backoff[slot].NextDelay(TimeSpan.Zero);
                _restartAt[slot] = now + (long)(delay.TotalSeconds * Stopwatch.Frequency);
                Log.WorkerSpawnFailed(_logger, slot, delay, exception);
            }
        }
    }

    private TimeSpan TimeUntilNextRestart()
    {
        if (_stopping)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var next = NoRestart;
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is null)
            {
                next = Math.Min(next, _restartAt[slot]);
            }
        }

        if (next == NoRestart)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var ticks = Math.Max(0, next - Stopwatch.GetTimestamp());
        return TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
    }
}
