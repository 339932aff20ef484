namespace PooledMixIn;

/// <summary>
/// What the pool's monitor may do to the workers, handed to it by the mix-in so that the monitor never calls back
/// into the object that created it: list the serving ones, replace one (its replacement first), add one, retire one.
/// </summary>
internal sealed record WorkerControl(
    Func<IReadOnlyList<int>> ServingSlots,
    Func<int, bool> ReplaceGracefully,
    Func<bool> Add,
    Func<int, bool> Retire,
    Func<int> Restarts);
