using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PooledMixIn.TestSupport;

/// <summary>
/// A .NET program started by a test as a real child process: its stdout is collected line by line,
/// it is killed if it outlives its deadline, and <see cref="Dispose"/> always stops and reaps it with a
/// bounded wait. Inside <c>dotnet test</c> the test host cannot be re-launched as a worker, so tests
/// start small helper programs of their own with <see cref="StartDotnet"/>.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan s_reapTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="Dispose"/> waits for a child to exit by itself before it kills it.</summary>
    public static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _transcript = new();
    private readonly Timer _deadline;
    private int _disposed;

    private ChildProcess(Process process, TimeSpan lifetime)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        _process.Start();
        Id = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // The safety net: a child that a broken test forgets, or that hangs, is killed anyway.
        _deadline = new Timer(_ => Kill(), null, lifetime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The child's process id.</summary>
    public int Id { get; }

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the child wrote so far (stderr lines prefixed with "err: "), for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>The path of the dotnet host running this process's tests (DOTNET_HOST_PATH when the CLI set it).</summary>
    public static string DotnetHostPath
    {
        get
        {
            string? fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
            {
                return fromCli;
            }

            string? self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="assemblyPath"/> <paramref name="arguments"/></c>.</summary>
    /// <param name="assemblyPath">The helper program's dll (framework-dependent; its runtimeconfig.json sits next to it).</param>
    /// <param name="arguments">Its command line.</param>
    /// <param name="lifetime">After this long the child is killed whatever happens (default 30 s).</param>
    public static ChildProcess StartDotnet(string assemblyPath, IEnumerable<string> arguments, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"Helper program not found; build it first: {assemblyPath}", assemblyPath);
        }

        var startInfo = new ProcessStartInfo(DotnetHostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assemblyPath);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new ChildProcess(new Process { StartInfo = startInfo }, lifetime ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Returns the next stdout line, waiting at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <exception cref="TimeoutException">No line arrived in time, or the child exited without one.</exception>
    public string ReadLine(TimeSpan timeout)
    {
        if (_lines.TryTake(out string? line, timeout))
        {
            return line;
        }

        throw new TimeoutException($"Child {Id} wrote no line within {timeout.TotalMilliseconds:F0} ms (exited: {_process.HasExited}). Output so far:\n{Transcript}");
    }

    /// <summary>Returns the next stdout line if one arrives within <paramref name="timeout"/>, without throwing.</summary>
    /// <param name="timeout">The longest wait (zero: only look).</param>
    /// <param name="line">The line, when the method returns true.</param>
    public bool TryReadLine(TimeSpan timeout, [NotNullWhen(true)] out string? line) => _lines.TryTake(out line, timeout);

    /// <summary>Reads stdout lines until one satisfies <paramref name="predicate"/>, for at most <paramref name="timeout"/> in total.</summary>
    /// <param name="predicate">The line wanted.</param>
    /// <param name="timeout">The longest total wait.</param>
    /// <exception cref="TimeoutException">No such line arrived in time.</exception>
    public string WaitForLine(Func<string, bool> predicate, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out string? line, left))
            {
                throw new TimeoutException($"Child {Id} wrote no matching line within {timeout.TotalMilliseconds:F0} ms (exited: {_process.HasExited}). Output so far:\n{Transcript}");
            }

            if (predicate(line))
            {
                return line;
            }
        }
    }

    /// <summary>Waits for the child to exit and returns its exit code.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <exception cref="TimeoutException">The child is still running.</exception>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"Child {Id} did not exit within {timeout.TotalMilliseconds:F0} ms. Output so far:\n{Transcript}");
        }

        _process.WaitForExit(); // drains the redirected output streams
        return _process.ExitCode;
    }

    /// <summary>
    /// The exit code, once <see cref="TryWaitForExit"/> has seen the child exit; unlike <see cref="WaitForExit"/> it
    /// does not wait for the end of the output, which a process the child started may still hold open.
    /// </summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits at most <paramref name="timeout"/> for the child to exit; returns whether it did.</summary>
    /// <param name="timeout">The longest wait.</param>
    public bool TryWaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Kills the child with SIGKILL (and its own children) and waits, bounded, until it is reaped.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(s_reapTimeout);
        }
        catch (InvalidOperationException)
        {
            // Already exited and reaped, or never started.
        }
    }

    /// <summary>
    /// Stops a child that handles SIGTERM, as the servers do: SIGTERM, then SIGKILL for it and its own children if it
    /// is still running after <paramref name="grace"/>. Returns whether it exited within the grace.
    /// </summary>
    /// <param name="grace">The longest wait after SIGTERM.</param>
    public bool Stop(TimeSpan grace)
    {
        bool exited = true;
        try
        {
            if (!_process.HasExited)
            {
                Signals.Send(Id, Signals.Terminate);
                exited = _process.WaitForExit(grace);
            }
        }
        catch (IOException)
        {
            // The child exited between the check and the signal.
        }

        Kill();
        return exited;
    }

    /// <summary>
    /// Waits at most <see cref="DisposeGrace"/> for the child to exit by itself, kills it (SIGKILL) if it has not,
    /// reaps it and releases everything. A test that leaves a child blocked kills it itself, with <see cref="Kill"/>.
    /// </summary>
    /// <remarks>
    /// Never a signal first. A child that has just written its last line is usually exiting, and an exiting process
    /// may be inside an exit handler that holds a lock other processes share: coverlet writes a process's hits under a
    /// named mutex, and a process killed while it holds that mutex makes the next process that exits abort with an
    /// <see cref="AbandonedMutexException"/> (exit code 134), failing a test that has nothing to do with it. SIGTERM
    /// is no gentler: a .NET program that has not registered for it, or has already disposed that registration on its
    /// way out, dies of it at once, its exit handlers cut short.
    /// </remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _deadline.Dispose();
        try
        {
            _process.WaitForExit(DisposeGrace);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        Kill();
        _process.Dispose();
        _lines.Dispose();
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            if (!isError)
            {
                _lines.CompleteAdding(); // stdout closed: readers stop waiting at once
            }

            return;
        }

        lock (_transcript)
        {
            _transcript.Append(isError ? "err: " : string.Empty).AppendLine(line);
        }

        if (!isError)
        {
            try
            {
                _lines.Add(line);
            }
            catch (InvalidOperationException)
            {
                // Disposed or completed while the child was still writing.
            }
        }
    }
}
