using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace PooledMixIn.Ipc;

/// <summary>
/// A block of memory mapped into several processes. The parent creates it (an anonymous memfd, or
/// a private file in /dev/shm); each worker maps the same file, either through an inherited file
/// descriptor (<see cref="AllowInheritance"/> + <see cref="OpenInherited"/>) or by name
/// (<see cref="OpenNamed"/>). The objects of this library (<see cref="SharedSemaphore"/>,
/// <see cref="SharedEvent"/>, <see cref="SharedValue{T}"/>, <see cref="SharedArray{T}"/>) are views
/// at fixed offsets inside one region; <see cref="SharedMemoryLayout"/> computes those offsets.
/// </summary>
/// <remarks>
/// A fresh region reads as zeros. Disposing unmaps it in this process (after any operation still in
/// progress returns) and closes the descriptor; the memory itself is freed by the kernel when the last
/// process unmaps it. A named region is also unlinked from /dev/shm by the process that created it.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed unsafe class SharedMemoryRegion : IDisposable
{
    /// <summary>The prefix of every name this library creates in /dev/shm.</summary>
    public const string NamePrefix = "pooledmixin-";

    private const string ShmDirectory = "/dev/shm/";

    private readonly SafeFileDescriptorHandle _file;
    private readonly SafeMappedViewHandle _mapping;
    private readonly bool _ownsName;
    private readonly Lock _inheritanceLock = new();
    private int _inheritanceScopes;

    private SharedMemoryRegion(SafeFileDescriptorHandle file, long size, string? name, bool ownsName)
    {
        _file = file;
        Size = size;
        Name = name;
        _ownsName = ownsName;
        _mapping = Map(file, size);
        BaseAddress = (byte*)_mapping.DangerousGetHandle();
    }

    /// <summary>The size of the region in bytes.</summary>
    public long Size { get; }

    /// <summary>The /dev/shm name (without directory) of a named region; null for an anonymous memfd.</summary>
    public string? Name { get; }

    /// <summary>
    /// The file descriptor behind the region. Pass <see cref="SafeFileDescriptorHandle.FileDescriptor"/>
    /// to a child that inherits it (see <see cref="AllowInheritance"/>), or send it with SCM_RIGHTS.
    /// </summary>
    public SafeFileDescriptorHandle FileHandle => _file;

    /// <summary>True once <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _mapping.IsClosed;

    /// <summary>Where the region starts in this process. Other processes map it at other addresses.</summary>
    internal byte* BaseAddress { get; }

    #region memfd-create
    /// <summary>
    /// Creates an anonymous region (memfd_create with MFD_CLOEXEC). It has no name in any file system,
    /// so nothing can be left behind in /dev/shm and no other program can open it by name: a process
    /// gets it only by inheriting or receiving the descriptor.
    /// </summary>
    /// <param name="size">Size in bytes, at least 1. Pages are allocated lazily, on first touch.</param>
    /// <param name="debugName">A label shown as <c>/memfd:label</c> in /proc/PID/fd and /proc/PID/maps.</param>
    public static SharedMemoryRegion Create(long size, string debugName = "pooledmixin")
    {
        Platform.ThrowIfUnsupported();
        ValidateSize(size);
        ArgumentNullException.ThrowIfNull(debugName);

        int fd = Interop.Libc.MemfdCreate(debugName, Interop.Libc.MFD_CLOEXEC);
        if (fd < 0)
        {
            throw Interop.Errors.Exception("memfd_create", Interop.Errors.LastErrno());
        }

        var file = new SafeFileDescriptorHandle(fd, ownsHandle: true);
        return FromNewFile(file, size, name: null);
    }
    #endregion

    /// <summary>
    /// Creates a region as a file in /dev/shm, for processes that cannot inherit a descriptor. The name
    /// is <see cref="NamePrefix"/> + creator PID + 128 random bits, created with O_CREAT|O_EXCL and mode
    /// 0600: a leftover of a crashed run is never reused (new runs pick new names and O_EXCL refuses
    /// to open an existing file), and no other user can open or pre-create it. Dispose unlinks it.
    /// </summary>
    /// <param name="size">Size in bytes, at least 1.</param>
    public static SharedMemoryRegion CreateNamed(long size)
    {
        Platform.ThrowIfUnsupported();
        ValidateSize(size);

        string name = $"{NamePrefix}{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        int fd = Interop.Libc.Open(
            ShmDirectory + name,
            Interop.Libc.O_RDWR | Interop.Libc.O_CREAT | Interop.Libc.O_EXCL | Interop.Libc.O_CLOEXEC,
            mode: 0b110_000_000); // 0600: owner read/write only
        if (fd < 0)
        {
            throw Interop.Errors.Exception($"open(\"{ShmDirectory}{name}\", O_CREAT|O_EXCL)", Interop.Errors.LastErrno());
        }

        var file = new SafeFileDescriptorHandle(fd, ownsHandle: true);
        try
        {
            return FromNewFile(file, size, name);
        }
        catch
        {
            _ = Interop.Libc.Unlink(ShmDirectory + name);
            throw;
        }
    }

    /// <summary>
    /// Maps a region created by <see cref="CreateNamed"/> in another process. The file must have mode
    /// 0600: anything else was not created by this library and is refused.
    /// </summary>
    /// <param name="name">The <see cref="Name"/> of the region (no directory part).</param>
    public static SharedMemoryRegion OpenNamed(string name)
    {
        Platform.ThrowIfUnsupported();
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.StartsWith(NamePrefix, StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a region name made by {nameof(CreateNamed)} (it must start with '{NamePrefix}' and contain no '/').", nameof(name));
        }

        int fd = Interop.Libc.Open(ShmDirectory + name, Interop.Libc.O_RDWR | Interop.Libc.O_CLOEXEC, mode: 0);
        if (fd < 0)
        {
            throw Interop.Errors.Exception($"open(\"{ShmDirectory}{name}\")", Interop.Errors.LastErrno());
        }

        var file = new SafeFileDescriptorHandle(fd, ownsHandle: true);
        try
        {
            // Opening O_RDWR succeeded and the mode is 0600, so the file belongs to this user (or we are root).
            using var view = new SafeFileHandle(new IntPtr(fd), ownsHandle: false);
            UnixFileMode mode = File.GetUnixFileMode(view);
            if (mode != (UnixFileMode.UserRead | UnixFileMode.UserWrite))
            {
                throw new UnauthorizedAccessException($"{ShmDirectory}{name} has mode {mode}, not 0600; refusing to map it.");
            }

            return new SharedMemoryRegion(file, SizeOf(file), name, ownsName: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Maps a region whose descriptor this process inherited from its parent. The parent created the
    /// region, called <see cref="AllowInheritance"/> around starting this process and passed
    /// <see cref="SafeFileDescriptorHandle.FileDescriptor"/> (for example as a command-line argument).
    /// The region takes ownership of the descriptor and marks it close-on-exec again, so it does not
    /// leak further into this process's own children.
    /// </summary>
    /// <param name="fileDescriptor">The inherited descriptor number.</param>
    public static SharedMemoryRegion OpenInherited(int fileDescriptor)
    {
        Platform.ThrowIfUnsupported();
        ArgumentOutOfRangeException.ThrowIfNegative(fileDescriptor);
        return FromHandle(new SafeFileDescriptorHandle(fileDescriptor, ownsHandle: true));
    }

    /// <summary>
    /// Maps a region from a descriptor this process already owns (inherited, or received over a Unix
    /// socket with SCM_RIGHTS). The region takes ownership of <paramref name="handle"/>.
    /// </summary>
    /// <param name="handle">An open descriptor of a memfd or /dev/shm file.</param>
    public static SharedMemoryRegion FromHandle(SafeFileDescriptorHandle handle)
    {
        Platform.ThrowIfUnsupported();
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.IsInvalid || handle.IsClosed)
        {
            throw new ArgumentException("The handle is invalid or closed.", nameof(handle));
        }

        try
        {
            CloseOnExec.Set(handle.FileDescriptor, closeOnExec: true);
            return new SharedMemoryRegion(handle, SizeOf(handle), name: null, ownsName: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Unlinks the /dev/shm files that <see cref="CreateNamed"/> left behind in runs that crashed: files
    /// named <see cref="NamePrefix"/>&lt;pid&gt;-… whose creating process no longer exists. Call it when a
    /// server starts. A file whose PID is alive (or reused by another process) is kept: wrongly keeping
    /// one costs a few bytes, wrongly deleting one would break a running server. Files of other users
    /// cannot be deleted (/dev/shm is sticky) and are skipped.
    /// </summary>
    /// <remarks>
    /// Unlinking only removes the name: a process that still maps the file keeps working. A process in
    /// another PID namespace that shares /dev/shm looks dead from here; do not share /dev/shm across
    /// containers with this method enabled.
    /// </remarks>
    /// <returns>The names that were removed.</returns>
    public static IReadOnlyList<string> DeleteOrphans()
    {
        Platform.ThrowIfUnsupported();
        var removed = new List<string>();
        foreach (string path in Directory.EnumerateFiles(ShmDirectory, NamePrefix + "*"))
        {
            string name = Path.GetFileName(path);
            ReadOnlySpan<char> pidText = name.AsSpan(NamePrefix.Length);
            int dash = pidText.IndexOf('-');
            if (dash <= 0 || !int.TryParse(pidText[..dash], out int pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue; // not one of ours, or its creator (or a process with its PID) is alive
            }

            if (Interop.Libc.Unlink(path) == 0)
            {
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>
    /// Lets child processes started while the returned scope is open inherit the region's descriptor
    /// (it clears FD_CLOEXEC, and sets it again when the last scope is disposed). .NET's
    /// <see cref="System.Diagnostics.Process.Start()"/> forks and execs inside the call, so
    /// <c>using (region.AllowInheritance()) process.Start();</c> is enough. Any process started by any
    /// thread meanwhile inherits the descriptor too; that only keeps the memory alive while it runs.
    /// </summary>
    /// <returns>A scope to dispose as soon as the child has been started.</returns>
    public IDisposable AllowInheritance()
    {
        using var lease = Lease();
        lock (_inheritanceLock)
        {
            if (_inheritanceScopes++ == 0)
            {
                CloseOnExec.Set(_file.FileDescriptor, closeOnExec: false);
            }
        }

        return new InheritanceScope(this);
    }

    /// <summary>Unmaps the region, closes its descriptor and, for a region made by <see cref="CreateNamed"/>, unlinks its name.</summary>
    public void Dispose()
    {
        if (_mapping.IsClosed)
        {
            return;
        }

        _mapping.Dispose();
        _file.Dispose();
        if (_ownsName && Name is not null)
        {
            // ENOENT is fine: someone may have cleaned up /dev/shm already.
            _ = Interop.Libc.Unlink(ShmDirectory + Name);
        }
    }

    /// <summary>Keeps the mapping alive for one operation; throws <see cref="ObjectDisposedException"/> after Dispose.</summary>
    internal MappingLease Lease() => new(_mapping);

    /// <summary>Checks that [offset, offset + length) lies in the region and that offset is aligned.</summary>
    internal void ValidateRange(long offset, long length, int alignment, string parameterName)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (offset < 0 || length < 0 || offset > Size - length)
        {
            throw new ArgumentOutOfRangeException(parameterName, offset, $"[{offset}, {offset}+{length}) does not fit in a region of {Size} bytes.");
        }

        if (offset % alignment != 0)
        {
            throw new ArgumentException($"Offset {offset} must be a multiple of {alignment} (atomic operations need aligned words).", parameterName);
        }
    }

    private static SharedMemoryRegion FromNewFile(SafeFileDescriptorHandle file, long size, string? name)
    {
        try
        {
            if (Interop.Libc.Ftruncate(file.FileDescriptor, size) != 0)
            {
                throw Interop.Errors.Exception("ftruncate", Interop.Errors.LastErrno());
            }

            return new SharedMemoryRegion(file, size, name, ownsName: name is not null);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static SafeMappedViewHandle Map(SafeFileDescriptorHandle file, long size)
    {
        nint address = Interop.Libc.Mmap(0, (nuint)size, Interop.Libc.PROT_READ | Interop.Libc.PROT_WRITE, Interop.Libc.MAP_SHARED, file.FileDescriptor, 0);
        if (address == Interop.Libc.MAP_FAILED)
        {
            throw Interop.Errors.Exception("mmap", Interop.Errors.LastErrno());
        }

        return new SafeMappedViewHandle(address, (nuint)size);
    }

    private static long SizeOf(SafeFileDescriptorHandle file)
    {
        long size = Interop.Libc.Lseek(file.FileDescriptor, 0, Interop.Libc.SEEK_END);
        if (size < 0)
        {
            throw Interop.Errors.Exception("lseek", Interop.Errors.LastErrno());
        }

        if (size == 0)
        {
            throw new ArgumentException("The descriptor refers to an empty file; it is not a region made by SharedMemoryRegion.");
        }

        return size;
    }

    private static void ValidateSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1L << 40); // 1 TiB: a typo guard, not a kernel limit
    }

    private void EndInheritanceScope()
    {
        lock (_inheritanceLock)
        {
            if (--_inheritanceScopes == 0 && !_file.IsClosed)
            {
                CloseOnExec.Set(_file.FileDescriptor, closeOnExec: true);
            }
        }
    }

    private sealed class InheritanceScope(SharedMemoryRegion region) : IDisposable
    {
        private SharedMemoryRegion? _region = region;

        public void Dispose() => Interlocked.Exchange(ref _region, null)?.EndInheritanceScope();
    }
}
