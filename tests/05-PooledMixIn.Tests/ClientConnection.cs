namespace PooledMixIn.Tests;

/// <summary>
/// What one client does on one connection: <paramref name="Requests"/> requests, one after the other (HTTP/1.1
/// keep-alive), the last of them with <c>Connection: close</c> or, when <paramref name="CloseHeader"/> is false,
/// without it, the client then closing the connection itself.
/// </summary>
public sealed record ClientConnection(int Requests, bool CloseHeader)
{
    /// <inheritdoc />
    public override string ToString() => $"{Requests}{(CloseHeader ? "c" : "k")}";
}
