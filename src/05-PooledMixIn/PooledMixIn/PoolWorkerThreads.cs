using PooledMixIn.Threading;

namespace PooledMixIn;

/// <summary>
/// The threads of one worker process: layer 2's <see cref="TurnTakingMixIn"/> with a turn that spans processes,
/// which also keeps the pool's shared counters and this worker's scoreboard rows.
/// </summary>
internal sealed class PoolWorkerThreads : TurnTakingMixIn
{
    private readonly PoolState _state;
    private readonly int _worker;
    private readonly PoolTurn _turn;

    public PoolWorkerThreads(PoolState state, int worker, AcceptStrategy strategy)
        : this(state, worker, PoolTurn.For(strategy, state, worker))
    {
    }

    private PoolWorkerThreads(PoolState state, int worker, PoolTurn turn)
        : base(turn)
    {
        (_state, _worker, _turn) = (state, worker, turn);
        for (var thread = 0; thread < state.ThreadsPerProcess; thread++)
        {
            state.SlotOf(worker, thread) = new ThreadSlot { ProcessId = Environment.ProcessId };
        }
    }

    #region pool-worker-accounting
    protected override void OnRequestAccepted(int thread)
    {
        Interlocked.Increment(ref _state.Counters.Accepted);
        if (thread >= 0)
        {
            _state.Mark(_worker, thread, ThreadActivity.Reading); // busy once its handler reports the request
            PoolThread.BeginConnection(_state, _worker, thread); // the row a handler's ReportPath writes to
        }
    }

    protected override void OnRequestServed(int thread, bool succeeded)
    {
        PoolThread.EndConnection(); // the last request counted with its duration, the path forgotten, the row closing
        Interlocked.Increment(ref succeeded ? ref _state.Counters.Completed : ref _state.Counters.Failed);
    }
    #endregion

    /// <summary>A thread that stops taking turns (its worker is retiring or stopping) shows as dead at once.</summary>
    protected override void OnThreadStopped(int thread) => _state.Mark(_worker, thread, ThreadActivity.Dead);

    /// <summary>Once the threads have stopped taking turns, the turn frees what it holds (an epoll instance, say).</summary>
    protected override void ServerClose()
    {
        base.ServerClose();
        _turn.Dispose();
    }
}
