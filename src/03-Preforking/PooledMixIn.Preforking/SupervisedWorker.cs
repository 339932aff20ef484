using System.Diagnostics;

namespace PooledMixIn.Preforking;

/// <summary>
/// One worker process as its parent sees it: the process, its <see cref="ControlChannel"/> (whether it reported
/// ready, whether a handler asked to stop the server), and the last lines it wrote (kept so that a worker that dies
/// at start-up can be reported with what it said). Its output is application output only, forwarded to the
/// parent's own line by line: as written, or prefixed with the worker's name (see <see cref="WorkerOutput"/>).
/// </summary>
internal sealed class SupervisedWorker : IDisposable
{
    private const int TailLines = 20;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _forwardStandardOutput;
    private readonly Action<SupervisedWorker> _onShutdownRequested;
    private readonly ControlChannel _control;
    private readonly string? _prefix;

    public SupervisedWorker(
        int slot,
        Process process,
        ControlChannel control,
        bool forwardStandardOutput,
        bool prefixOutput,
        Action<SupervisedWorker> onShutdownRequested,
        Action<SupervisedWorker> onExited)
    {
        Slot = slot;
        Process = process;
        ProcessId = process.Id;
        StartedAt = Stopwatch.GetTimestamp();
        _forwardStandardOutput = forwardStandardOutput;
        _onShutdownRequested = onShutdownRequested;
        _control = control;
        _prefix = prefixOutput ? $"[worker {slot} pid {ProcessId}] " : null;
        ControlEnded = control.ReadAllAsync(OnControlMessage);

        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnError(e.Data);
        process.Exited += (_, _) =>
        {
            _ready.TrySetResult(false);
            onExited(this);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            // It died before Exited was wired up; the event still fires, but readiness must not wait for it.
            _ready.TrySetResult(false);
        }
    }

    public int Slot { get; }

    public Process Process { get; }

    public int ProcessId { get; }

    public long StartedAt { get; }

    /// <summary>Completes with <see langword="true"/> when the worker is ready, <see langword="false"/> if it exited first.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>Completes when the worker's control channel ends: every message it sent has been acted on.</summary>
    public Task ControlEnded { get; }

    public TimeSpan Uptime => Stopwatch.GetElapsedTime(StartedAt);

    public string OutputTail
    {
        get
        {
            lock (_tail)
            {
                return _tail.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>
    /// Waits until the worker has exited and everything it said has been read: its output, and its control channel
    /// (bounded, in case a process the worker started still holds the channel's write end).
    /// </summary>
    public void WaitForEnd()
    {
        Process.WaitForExit();
        _ = ControlEnded.Wait(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        Process.Dispose();
        _control.Dispose();
    }

    private void OnControlMessage(ControlMessage message)
    {
        switch (message)
        {
            case ControlMessage.Ready:
                _ready.TrySetResult(true);
                break;
            case ControlMessage.ShutdownRequested:
                _onShutdownRequested(this);
                break;
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        Remember(line);
        if (_forwardStandardOutput)
        {
            Console.Out.WriteLine(_prefix + line);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        Remember(line);
        Console.Error.WriteLine(_prefix + line);
    }

    private void Remember(string line)
    {
        lock (_tail)
        {
            if (_tail.Count == TailLines)
            {
                _tail.Dequeue();
            }

            _tail.Enqueue(line);
        }
    }
}
