using System.Net;
using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>
/// Processes each connection to completion on the serving thread before accepting the next one: the behaviour of
/// Python's plain <c>TCPServer</c> (Stevens' <em>iterative server</em>). It is the default mix-in of every server.
/// </summary>
/// <remarks>A second client waits, in the kernel's accept queue, until the first one is done.</remarks>
public sealed class SerialMixIn : ServerMixIn
{
    /// <inheritdoc />
    protected internal override void ProcessRequest(Socket request, EndPoint clientAddress)
    {
        #region serial-process-request
        try
        {
            Server.FinishRequest(request, clientAddress);
        }
        catch (Exception exception)
        {
            Server.HandleError(request, clientAddress, exception);
        }
        finally
        {
            Server.ShutdownRequest(request);
        }
        #endregion
    }
}
