namespace PooledMixIn.Sockets.Http;

/// <content>Between requests: a mix-in with an event loop may take back a kept-alive connection that is idle.</content>
public abstract partial class BaseHttpRequestHandler
{
    #region park-between-requests
    /// <summary>
    /// Whether the server's mix-in took the connection back to wait for its next request without this thread: only
    /// when nothing of that request has arrived, so that no byte this handler buffered is left behind.
    /// </summary>
    private bool ParkedBetweenRequests() =>
        Server.MixIn is IIdleConnectionParking parking
        && _input!.Buffered.IsEmpty
        && Request.Available == 0
        && parking.TryTakeIdleConnection(Request);
    #endregion
}
