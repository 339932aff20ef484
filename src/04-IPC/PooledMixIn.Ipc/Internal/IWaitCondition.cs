namespace PooledMixIn.Ipc;

/// <summary>What a <see cref="FutexWaitQueue"/> asks the object it serves (a semaphore, an event).</summary>
internal interface IWaitCondition
{
    /// <summary>
    /// Re-checks the shared state and, if the wait may end, completes it (a semaphore takes its token
    /// here). <paramref name="startState"/> is the state word read when the wait began.
    /// </summary>
    bool TryComplete(int startState);

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the object's view has been disposed.</summary>
    void ThrowIfDisposed();
}
