using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace PooledMixIn.Sockets;

/// <summary>
/// A few descriptors held in reserve (on /dev/null) while a server accepts, so that running out of descriptors never
/// leaves the process itself without any: the .NET runtime needs one to start a thread, and fails fast without it.
/// When accept fails with EMFILE, or takes a descriptor close to the limit, the server lets the reserve go (the runtime
/// has room again) and accepts nothing more until it can take the reserve back, and then some: libuv's "EMFILE
/// trick", with a margin, and without waiting for the failure.
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    /// <summary>How many descriptors the reserve holds.</summary>
    public const int Size = 16;

    private readonly Lock _lock = new();
    private readonly List<SafeFileHandle> _held = new(Size);
    private bool _released = true;

    /// <summary>Whether accepting is allowed: the reserve is held. Cheap; called before every accept.</summary>
    public bool IsHeld => !Volatile.Read(ref _released);

    /// <summary>
    /// Takes the reserve if it is not held, and only if as many descriptors again are free beyond it, so accepting
    /// resumes with room to spare. Returns whether the reserve is held.
    /// </summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            if (!_released)
            {
                return true;
            }

            var margin = new List<SafeFileHandle>(Size);
            try
            {
                while (_held.Count < Size)
                {
                    _held.Add(OpenDevNull());
                }

                while (margin.Count < Size)
                {
                    margin.Add(OpenDevNull());
                }

                Volatile.Write(ref _released, false);
                return true;
            }
            catch (IOException)
            {
                CloseAll(_held);
                return false;
            }
            finally
            {
                CloseAll(margin);
            }
        }
    }

    /// <summary>
    /// Whether an accepted connection's descriptor is within <see cref="Size"/> of the process's RLIMIT_NOFILE: a new
    /// descriptor takes the lowest free number, so fewer than that are left, and the next thread the runtime starts
    /// could find none. The limit is read each time: <c>prlimit</c> can change it while the process runs.
    /// </summary>
    /// <param name="accepted">The connection just accepted.</param>
    /// <param name="limit">The soft limit read.</param>
    public static bool IsNearTheLimit(Socket accepted, out ulong limit)
    {
        limit = Interop.Libc.GetRlimit(Interop.Libc.RLIMIT_NOFILE, out var current) == 0 ? current.Current : ulong.MaxValue;
        var descriptor = (ulong)accepted.SafeHandle.DangerousGetHandle();
        return limit != ulong.MaxValue && descriptor + Size >= limit;
    }

    /// <summary>Closes the reserve's descriptors, so the process has them to use; accepting stops until <see cref="TryTake"/>.</summary>
    public void Release()
    {
        lock (_lock)
        {
            Volatile.Write(ref _released, true);
            CloseAll(_held);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Release();

    private static SafeFileHandle OpenDevNull() => File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);

    private static void CloseAll(List<SafeFileHandle> handles)
    {
        handles.ForEach(handle => handle.Dispose());
        handles.Clear();
    }
}
