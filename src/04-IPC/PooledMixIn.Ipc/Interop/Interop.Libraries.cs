namespace PooledMixIn.Ipc;

internal static partial class Interop
{
    /// <summary>Names of the native libraries the P/Invokes bind to.</summary>
    internal static class Libraries
    {
        /// <summary>glibc (or musl): the dynamic loader resolves "libc" to libc.so.6 on glibc systems.</summary>
        internal const string Libc = "libc";
    }
}
