internal static partial class Interop
{
    /// <summary>The names of the native libraries the layers call.</summary>
    internal static class Libraries
    {
        /// <summary>The C library; the runtime resolves "libc" to the system's libc.so.6.</summary>
        internal const string Libc = "libc";
    }
}
