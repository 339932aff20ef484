namespace PooledMixIn.Ipc;

/// <summary>Safe wrappers over the two futex operations this library needs.</summary>
internal static unsafe class Futex
{
    #region futex-wait
    /// <summary>
    /// Sleeps while <c>*word == expected</c>, for at most <paramref name="timeoutNanoseconds"/>
    /// (negative: no limit). The kernel compares and enqueues atomically, so a FUTEX_WAKE that
    /// follows a change of the word can never be missed: either the comparison sees the new value
    /// and returns at once, or the sleeper is already queued and gets woken.
    /// </summary>
    internal static FutexWaitResult Wait(int* word, int expected, long timeoutNanoseconds)
    {
        Interop.Libc.Timespec timeout = default;
        Interop.Libc.Timespec* timeoutPointer = null;
        if (timeoutNanoseconds >= 0)
        {
            // FUTEX_WAIT takes a *relative* timeout (unlike FUTEX_WAIT_BITSET); callers recompute it from a deadline.
            timeout.Seconds = timeoutNanoseconds / 1_000_000_000;
            timeout.Nanoseconds = timeoutNanoseconds % 1_000_000_000;
            timeoutPointer = &timeout;
        }

        long result = Interop.Libc.FutexSyscall(Platform.FutexSyscallNumber, word, Interop.Libc.FUTEX_WAIT, expected, timeoutPointer, null, 0);
        if (result == 0)
        {
            return FutexWaitResult.Woken;
        }

        int errno = Interop.Errors.LastErrno();
        return errno switch
        {
            Interop.Errors.EAGAIN => FutexWaitResult.ValueChanged,
            Interop.Errors.ETIMEDOUT => FutexWaitResult.TimedOut,
            Interop.Errors.EINTR => FutexWaitResult.Interrupted,
            _ => throw Interop.Errors.Exception("futex(FUTEX_WAIT)", errno),
        };
    }
    #endregion

    /// <summary>Wakes up to <paramref name="count"/> sleepers on <paramref name="word"/>, in any process; returns how many woke.</summary>
    internal static int Wake(int* word, int count)
    {
        long result = Interop.Libc.FutexSyscall(Platform.FutexSyscallNumber, word, Interop.Libc.FUTEX_WAKE, count, null, null, 0);
        if (result < 0)
        {
            throw Interop.Errors.Exception("futex(FUTEX_WAKE)", Interop.Errors.LastErrno());
        }

        return (int)result;
    }
}
