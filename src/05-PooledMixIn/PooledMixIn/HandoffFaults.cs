namespace PooledMixIn;

/// <summary>
/// A seam for the fault-injection suite: a test server sets <see cref="Reached"/> in a worker, to stop a pool thread
/// at a <see cref="HandoffStep"/> and have it killed while it is provably there. Nothing in the library sets it, so
/// in production it stays <see langword="null"/> and costs one static read per hand-off.
/// </summary>
internal static class HandoffFaults
{
    /// <summary>Called on the pool thread at each step of the hand-off it goes through, when set.</summary>
    internal static Action<HandoffStep>? Reached { get; set; }
}
