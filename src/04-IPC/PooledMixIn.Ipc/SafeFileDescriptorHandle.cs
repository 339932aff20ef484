using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// Owns a Linux file descriptor and closes it exactly once. Only -1 is invalid: 0 is a real
/// descriptor (a child whose stdin was closed can receive a region as fd 0).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SafeFileDescriptorHandle : SafeHandle
{
    /// <summary>Creates an invalid handle (used by marshalling).</summary>
    public SafeFileDescriptorHandle()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    /// <summary>Wraps an existing descriptor.</summary>
    /// <param name="fileDescriptor">The descriptor number.</param>
    /// <param name="ownsHandle">Whether disposing the handle closes the descriptor.</param>
    public SafeFileDescriptorHandle(int fileDescriptor, bool ownsHandle)
        : base(new IntPtr(-1), ownsHandle)
    {
        SetHandle(new IntPtr(fileDescriptor));
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number. Valid only while the handle is open; use it to pass the fd to a child.</summary>
    public int FileDescriptor
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return (int)handle.ToInt64();
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle.ToInt64()) == 0;
}
