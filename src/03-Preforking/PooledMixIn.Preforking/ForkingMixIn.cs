using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn.Preforking;

/// <summary>
/// A new process for every connection: Python's <c>socketserver.ForkingMixIn</c>, Stevens' <em>one fork per
/// client</em> (UNP §30.5). It is here to be measured: starting a .NET process costs about a hundred milliseconds,
/// two orders of magnitude more than handing a connection to a waiting thread.
/// </summary>
/// <remarks>
/// <para>
/// .NET cannot <c>fork()</c>, so the child is this program started again (see <see cref="WorkerProcess"/>). It
/// inherits the accepted connection's descriptor (and the listening socket's, as a forked child would), rebuilds
/// the server exactly as the parent did, serves that one connection with the same handler, and returns from
/// <c>ServeForever</c>. The parent closes its copy of the connection without shutting it down — shutdown would
/// end the child's connection too, since both descriptors name one socket.
/// </para>
/// <para>
/// At most <see cref="MaxChildren"/> children run at once; when that many are busy, the parent stops accepting and
/// waits for one to finish (Python waits the same way), so new connections queue in the kernel and none is dropped.
/// Children are reaped as they exit. With <see cref="BlockOnClose"/>, closing the server waits for the children
/// still running. A child's standard error is forwarded to the parent's; its standard output is discarded, since
/// it would repeat the program's start-up output once per connection.
/// </para>
/// </remarks>
public sealed class ForkingMixIn : ServerMixIn
{
    private readonly ConcurrentDictionary<int, SupervisedWorker> _children = new();
    private readonly object _slotSignal = new();
    private InboxThread? _spawner;
    private WorkerSide? _child;
    private int _serverOrdinal = -1;
    private int _started;

    /// <summary>The most children running at once: Python's <c>max_children</c>. Default 40.</summary>
    public int MaxChildren { get; init; } = 40;

    /// <summary>Whether closing the server waits for running children: Python's <c>block_on_close</c>. Default true.</summary>
    public bool BlockOnClose { get; init; } = true;

    /// <summary>How long closing waits for children before killing them. Default 10 s.</summary>
    public TimeSpan GracefulStopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>This process's role in the server.</summary>
    public WorkerRole Role => _child is null ? WorkerRole.Parent : WorkerRole.ForkedChild;

    /// <summary>In the server process: how many children were started.</summary>
    public int ChildrenStarted => Volatile.Read(ref _started);

    /// <summary>In the server process: how many children are running now.</summary>
    public int ActiveChildren => _children.Count;

    /// <inheritdoc />
    protected override Socket? ProvideListeningSocket(EndPoint requestedEndPoint)
    {
        LinuxOnly.ThrowIfNotLinux();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChildren, 1, nameof(MaxChildren));
        _serverOrdinal = ServerOrdinals.Next();
        _child = WorkerSide.ForServer(WorkerRole.ForkedChild, _serverOrdinal);
        return _child?.AdoptListeningSocket();
    }

    /// <inheritdoc />
    protected override void ServeOnce(TimeSpan pollInterval)
    {
        if (_child is null)
        {
            base.ServeOnce(pollInterval);
            return;
        }

        #region forked-child
        // The child's whole life: the one connection it inherited, then the end of ServeForever.
        var connection = InheritedSockets.AdoptConnection(_child.Marker.ConnectionFd);
        var clientAddress = connection.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        var serial = new SerialMixIn(); // the child serves its one connection exactly as a serial server would
        AttachInner(serial);
        ForwardProcessRequest(serial, connection, clientAddress);

        _child.EndOnItsOwn();
        Server.Shutdown();
        #endregion
    }

    #region forking-process-request
    /// <inheritdoc />
    protected override void ProcessRequest(Socket request, EndPoint clientAddress)
    {
        WaitForFreeSlot();
        _spawner ??= new InboxThread("forking-spawner");
        var number = Interlocked.Increment(ref _started);
        var marker = new WorkerMarker(
            WorkerRole.ForkedChild, number, _serverOrdinal, Environment.ProcessId,
            FileDescriptors.NumberOf(Server.Socket), FileDescriptors.NumberOf(request), -1, []);
        var (process, control) = _spawner.Call(() => WorkerSpawner.Start(marker, [Server.Socket.SafeHandle, request.SafeHandle]));

        // The child has its own descriptor for the connection now. Close ours — never shut it down, which would
        // end the connection for the child as well.
        Server.CloseRequest(request);
        var child = new SupervisedWorker(number, process, control, forwardStandardOutput: false, prefixOutput: true,
            onShutdownRequested: _ => ThreadPool.QueueUserWorkItem(_ => Server.Shutdown()),
            onExited: OnChildExited);
        _children[child.ProcessId] = child;
        if (process.HasExited)
        {
            OnChildExited(child);
        }
    }
    #endregion

    /// <inheritdoc />
    protected override void OnShutdownRequested() => _child?.ForwardShutdownRequest();

    /// <inheritdoc />
    protected override void ServerClose()
    {
        if (_child is not null)
        {
            _child.Dispose();
            return;
        }

        if (BlockOnClose)
        {
            var deadline = DateTime.UtcNow + GracefulStopTimeout;
            foreach (var child in _children.Values.ToArray())
            {
                WaitOrKill(child.Process, deadline - DateTime.UtcNow);
            }
        }

        _spawner?.Dispose();
    }

    private static void WaitOrKill(System.Diagnostics.Process process, TimeSpan timeout)
    {
        try
        {
            if (!process.WaitForExit(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero))
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Reaped and disposed by its exit handler meanwhile: nothing left to wait for.
        }
    }

    private void WaitForFreeSlot()
    {
        lock (_slotSignal)
        {
            while (_children.Count >= MaxChildren)
            {
                Monitor.Wait(_slotSignal);
            }
        }
    }

    private void OnChildExited(SupervisedWorker child)
    {
        if (_children.TryRemove(child.ProcessId, out _))
        {
            child.WaitForEnd(); // also drains its control channel, so a last shutdown request is not lost
            child.Dispose();
            lock (_slotSignal)
            {
                Monitor.PulseAll(_slotSignal);
            }
        }
    }
}
