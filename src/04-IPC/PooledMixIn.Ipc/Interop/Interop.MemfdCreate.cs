using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>MFD_CLOEXEC: the fd is closed on exec unless a caller clears the flag on purpose.</summary>
        internal const uint MFD_CLOEXEC = 1;

        /// <summary>memfd_create(2): an anonymous file in RAM; the name only shows in /proc/PID/fd.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int MemfdCreate(string name, uint flags);
    }
}
