using System.Diagnostics;

namespace PooledMixIn.Preforking;

/// <summary>
/// One worker process as its parent sees it: the process, whether it reported ready, and the last lines it wrote
/// (kept so that a worker that dies at start-up can be reported with what it said). Its output is forwarded to the
/// parent's own, each line prefixed with the worker's name.
/// </summary>
internal sealed class SupervisedWorker : IDisposable
{
    private const int TailLines = 20;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _forwardStandardOutput;
    private readonly Action<SupervisedWorker> _onShutdownRequested;
    private readonly string _name;

    public SupervisedWorker(
        int slot,
        Process process,
        bool forwardStandardOutput,
        Action<SupervisedWorker> onShutdownRequested,
        Action<SupervisedWorker> onExited)
    {
        Slot = slot;
        Process = process;
        ProcessId = process.Id;
        StartedAt = Stopwatch.GetTimestamp();
        _forwardStandardOutput = forwardStandardOutput;
        _onShutdownRequested = onShutdownRequested;
        _name = $"[worker {slot} pid {ProcessId}]";

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

    public void Dispose() => Process.Dispose();

    private void OnOutput(string? line)
    {
        switch (line)
        {
            case null:
                return;
            case ControlLines.Ready:
                _ready.TrySetResult(true);
                return;
            case ControlLines.ShutdownRequested:
                _onShutdownRequested(this);
                return;
        }

        Remember(line);
        if (_forwardStandardOutput)
        {
            Console.Out.WriteLine($"{_name} {line}");
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        Remember(line);
        Console.Error.WriteLine($"{_name} {line}");
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
