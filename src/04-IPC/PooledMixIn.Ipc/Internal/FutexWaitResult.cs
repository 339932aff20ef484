namespace PooledMixIn.Ipc;

/// <summary>Why a futex wait returned. Callers re-check their state after every outcome.</summary>
internal enum FutexWaitResult
{
    /// <summary>Another thread or process called FUTEX_WAKE on the word.</summary>
    Woken,

    /// <summary>The word no longer held the expected value (EAGAIN): something changed before we slept.</summary>
    ValueChanged,

    /// <summary>The relative timeout expired (ETIMEDOUT).</summary>
    TimedOut,

    /// <summary>A signal interrupted the wait (EINTR); the caller loops and waits again.</summary>
    Interrupted,
}
