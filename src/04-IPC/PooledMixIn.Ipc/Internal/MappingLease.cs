namespace PooledMixIn.Ipc;

/// <summary>
/// Keeps a mapping alive for the duration of one operation (<c>using var lease = region.Lease();</c>).
/// Acquiring it on a disposed region throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal readonly ref struct MappingLease
{
    private readonly SafeMappedViewHandle? _handle;

    internal MappingLease(SafeMappedViewHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added); // throws ObjectDisposedException once the handle is closed
        _handle = handle;
    }

    public void Dispose() => _handle?.DangerousRelease();
}
