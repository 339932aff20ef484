namespace PooledMixIn.FaultInjection.Tests;

/// <summary>One change to a request's bytes, at a position taken modulo the request's length so it always applies.</summary>
/// <param name="Kind">What the change does.</param>
/// <param name="Position">Where, before the modulo.</param>
/// <param name="Length">How many bytes it touches (where that means something).</param>
/// <param name="Byte">The byte it writes or inserts (where that means something).</param>
internal sealed record RequestMutation(RequestMutation.Change Kind, int Position, int Length, byte Byte)
{
    /// <summary>The changes a fuzzer makes.</summary>
    internal enum Change
    {
        /// <summary>Overwrites one byte.</summary>
        Replace,

        /// <summary>Inserts <see cref="Length"/> copies of a byte.</summary>
        Insert,

        /// <summary>Deletes a range.</summary>
        Delete,

        /// <summary>Repeats a range right after itself.</summary>
        Duplicate,

        /// <summary>Cuts the request short.</summary>
        Truncate,
    }

    /// <summary>Applies the change to <paramref name="request"/> and returns the result.</summary>
    public byte[] ApplyTo(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Length == 0)
        {
            return Kind == Change.Insert ? Enumerable.Repeat(Byte, Length).ToArray() : request;
        }

        var at = Position % request.Length;
        var length = Math.Min(Length, request.Length - at);
        return Kind switch
        {
            Change.Replace => [.. request[..at], Byte, .. request[(at + 1)..]],
            Change.Insert => [.. request[..at], .. Enumerable.Repeat(Byte, Length), .. request[at..]],
            Change.Delete => [.. request[..at], .. request[(at + length)..]],
            Change.Duplicate => [.. request[..(at + length)], .. request[at..]],
            _ => request[..at],
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} at {Position} len {Length} byte 0x{Byte:x2}";
}
