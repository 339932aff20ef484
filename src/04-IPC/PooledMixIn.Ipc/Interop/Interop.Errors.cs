using System.ComponentModel;
using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>errno values this library reacts to (identical on every 64-bit Linux architecture).</summary>
    internal static class Errors
    {
        internal const int EINTR = 4;
        internal const int EAGAIN = 11;
        internal const int EEXIST = 17;
        internal const int ETIMEDOUT = 110;

        /// <summary>Reads errno of the last P/Invoke (declared with <c>SetLastError = true</c>).</summary>
        internal static int LastErrno() => Marshal.GetLastPInvokeError();

        /// <summary>Builds an exception that names the failed call and carries errno and its text.</summary>
        internal static Win32Exception Exception(string call, int errno)
        {
            // Win32Exception on Unix formats errno with strerror: "No such file or directory" etc.
            var inner = new Win32Exception(errno);
            return new Win32Exception(errno, $"{call} failed: {inner.Message} (errno {errno}).");
        }
    }
}
