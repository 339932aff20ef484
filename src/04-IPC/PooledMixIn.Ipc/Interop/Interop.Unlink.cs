using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>unlink(2): removes a /dev/shm name; mappings and open fds stay valid.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Unlink(string path);
    }
}
