namespace PooledMixIn;

/// <summary>One worker process as the scoreboard shows it.</summary>
/// <param name="Slot">The worker's slot in the pool.</param>
/// <param name="ProcessId">The worker's pid.</param>
/// <param name="Threads">Its threads' rows, in thread order.</param>
public sealed record WorkerStatus(int Slot, int ProcessId, IReadOnlyList<ThreadSlot> Threads);
