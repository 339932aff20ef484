using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>The numbers of the descriptors a worker inherits, as the kernel knows them.</summary>
internal static class FileDescriptors
{
    public static int NumberOf(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    public static int NumberOf(SafeHandle handle) => (int)handle.DangerousGetHandle();
}
