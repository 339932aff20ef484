using System.Runtime.InteropServices;

namespace PooledMixIn.Ipc;

/// <summary>
/// Owns one mmap'ed range and unmaps it in <see cref="ReleaseHandle"/>. Every access to the mapping
/// holds a reference (<see cref="MappingLease"/>), so disposing the region while another thread is
/// inside a wait defers munmap until that wait returns, instead of pulling the memory from under it.
/// </summary>
internal sealed class SafeMappedViewHandle : SafeHandle
{
    private readonly nuint _length;

    internal SafeMappedViewHandle(nint address, nuint length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _length = length;
        SetHandle(address);
    }

    public override bool IsInvalid => handle == IntPtr.Zero || handle == Interop.Libc.MAP_FAILED;

    protected override bool ReleaseHandle() => Interop.Libc.Munmap(handle, _length) == 0;
}
