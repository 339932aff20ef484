namespace PooledMixIn.AspNetCore;

/// <summary>A connection <see cref="ConnectionDrain"/> can end when it waits for a request rather than serves one.</summary>
internal interface IDrainableConnection
{
    /// <summary>Ends the connection if it is between requests; one serving a request ends after it.</summary>
    void CloseIfIdle();
}
