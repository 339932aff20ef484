using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace PooledMixIn.Preforking;

/// <summary>
/// A worker's end of its <see cref="ControlChannel"/>: the inherited write end of the pipe. Each message is one
/// byte, and a write of one byte to a pipe is atomic.
/// </summary>
internal sealed class ControlSender : IDisposable
{
    private readonly Lock _lock = new();
    private readonly AnonymousPipeClientStream _pipe;

    /// <summary>Adopts the inherited write end <paramref name="writeFd"/>.</summary>
    public ControlSender(int writeFd)
    {
        // Processes this worker starts must not hold the parent's channel open after the worker exits.
        CloseOnExec.Set(writeFd, closeOnExec: true);
        _pipe = new AnonymousPipeClientStream(PipeDirection.Out, new SafePipeHandle(writeFd, ownsHandle: true));
    }

    public void Send(ControlMessage message)
    {
        lock (_lock)
        {
            _pipe.WriteByte((byte)message);
        }
    }

    public void Dispose() => _pipe.Dispose();
}
