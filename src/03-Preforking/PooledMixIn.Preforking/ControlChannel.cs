using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>
/// The parent's end of a worker's channel, apart from the data: a pipe whose write end the worker inherits (see
/// <see cref="ControlSender"/>) and whose read end only the parent holds — nginx's master/worker channel, reduced
/// to the two messages a worker sends. A worker's standard output and error are application output only, so a
/// handler that prints anything at all cannot stop or confuse the server.
/// </summary>
/// <remarks>
/// The channel reaches end-of-file when the worker has exited (the worker marks its end close-on-exec, so its own
/// children do not hold it). So the parent reads every message a worker sent before it judges the worker's exit.
/// </remarks>
internal sealed class ControlChannel : IDisposable
{
    private readonly AnonymousPipeServerStream _pipe = new(PipeDirection.In);

    /// <summary>The write end, for the next worker to inherit.</summary>
    public SafeHandle WriteEnd => _pipe.ClientSafePipeHandle;

    /// <summary>
    /// Once the worker has started: closes the parent's copy of the write end, so that the channel ends when the
    /// worker does.
    /// </summary>
    public void ReleaseWriteEnd() => _pipe.DisposeLocalCopyOfClientHandle();

    /// <summary>
    /// Reads the worker's messages until it exits (or the channel is disposed), passing each to
    /// <paramref name="onMessage"/> on the reading thread, in the order sent.
    /// </summary>
    public async Task ReadAllAsync(Action<ControlMessage> onMessage)
    {
        var buffer = new byte[16];
        try
        {
            int read;
            while ((read = await _pipe.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    onMessage((ControlMessage)buffer[i]);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // Disposed by the parent: nobody is listening any more.
        }
    }

    public void Dispose() => _pipe.Dispose();
}
