using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Servers;

/// <summary>
/// A demo server started for one measurement: <c>dotnet DLL --host 127.0.0.1 --port 0 OPTIONS</c>, or the native
/// executable itself with the same arguments, in the environment its design asks for. A line of its stdout names
/// the address (log lines may come before it); it is ready when it gives a first good answer; it is stopped by the
/// contract (GET /shutdown), then SIGTERM, then SIGKILL, each with a bounded wait, and never outlives the benchmark.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _transcript = new();
    private readonly TaskCompletionSource<string> _listeningLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProcessTreeSampler _sampler;

    private ServerProcess(Process process, long startTimestamp)
    {
        _process = process;
        StartTimestamp = startTimestamp;
        _sampler = new ProcessTreeSampler(process.Id);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>From just before the process was started to its first good answer.</summary>
    public TimeSpan StartupTime { get; private set; }

    public ProcessTreeSampler Sampler => _sampler;

    private long StartTimestamp { get; }

    /// <summary>The server's output, for a report on why it failed.</summary>
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

    /// <param name="program">A dll, started with the dotnet host, or a NativeAOT executable, started as it is.</param>
    /// <param name="options">The demo's options, after <c>--host</c> and <c>--port</c>.</param>
    /// <param name="environment">Variables to set for the server, which its workers inherit.</param>
    /// <param name="probe">The request that proves it serves (path and the body of a good answer, or null for the demo line).</param>
    /// <param name="cancellation">Ends the wait for its first answer.</param>
    public static async Task<ServerProcess> StartAsync(
        string program, IReadOnlyList<string> options, IReadOnlyDictionary<string, string> environment, (string Path, string? Body) probe,
        CancellationToken cancellation)
    {
        var isAssembly = program.EndsWith(".dll", StringComparison.Ordinal);
        var startInfo = new ProcessStartInfo(isAssembly ? DotnetHost.Path : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment.Remove(InlineSocketCompletions.Variable); // the client's setting, not the server's
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        foreach (var argument in (string[])[.. isAssembly ? [program] : Array.Empty<string>(), "--host", "127.0.0.1", "--port", "0", .. options])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var started = Stopwatch.GetTimestamp();
        process.Start();
        var server = new ServerProcess(process, started);
        try
        {
            process.OutputDataReceived += (_, e) => server.OnLine(e.Data, "");
            process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, "err: ");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilServingAsync(probe, cancellation);
            return server;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            // Say what the server itself said: a start-up failure is usually explained on its stderr.
            var output = server.Transcript.ReplaceLineEndings(" | ").Trim(' ', '|');
            server.Dispose();
            throw new InvalidOperationException($"{exception.Message} Its output: {(output.Length > 600 ? output[^600..] : output)}", exception);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Asks the server to stop as the contract says, and escalates if it does not.</summary>
    public async Task<StopOutcome> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        _sampler.Sample(); // a last look at the tree, so that a worker started just now is not missed
        if (_process.HasExited)
        {
            return new StopOutcome("exited early", _process.ExitCode, TimeSpan.Zero, KillLeftBehind());
        }

        string method;
        using (var exchange = new HttpExchange(EndPoint, "/shutdown", keepAlive: false, TimeSpan.FromSeconds(5)))
        {
            await exchange.ExecuteAsync(); // its answer matters less than its exit
        }

        if (await WaitForExitAsync(s_stopTimeout))
        {
            method = "shutdown";
        }
        else
        {
            _ = Interop.Libc.Kill(_process.Id, Interop.Libc.SIGTERM);
            if (await WaitForExitAsync(TimeSpan.FromSeconds(5)))
            {
                method = "SIGTERM";
            }
            else
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
                method = "SIGKILL";
            }
        }

        var exitCode = _process.HasExited && method != "SIGKILL" ? _process.ExitCode : (int?)null;
        return new StopOutcome(method, exitCode, clock.Elapsed, KillLeftBehind());
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }

        KillLeftBehind();
        _sampler.Dispose();
        _process.Dispose();
    }

    [GeneratedRegex(@"^listening on http://(?<host>[0-9.]+):(?<port>\d+)/")]
    private static partial Regex ListeningLine();

    private async Task WaitUntilServingAsync((string Path, string? Body) probeRequest, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(s_startTimeout);
        string line;
        try
        {
            line = await _listeningLine.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"No 'listening on' line within {s_startTimeout.TotalSeconds:F0} s.");
        }

        var match = ListeningLine().Match(line);
        if (!match.Success)
        {
            throw new InvalidOperationException("The server's output ended without a 'listening on http://HOST:PORT/ ...' line.");
        }

        EndPoint = new IPEndPoint(IPAddress.Parse(match.Groups["host"].Value), int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));

        // Listening is not serving: a pool may start its workers lazily. Ready means a first good answer.
        using var probe = new HttpExchange(EndPoint, probeRequest.Path, keepAlive: false, TimeSpan.FromSeconds(2), probeRequest.Body);
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var outcome = await probe.ExecuteAsync();
            if (outcome.Error is null)
            {
                StartupTime = Stopwatch.GetElapsedTime(StartTimestamp);
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before answering: {outcome.Detail}");
            }

            // Polling, not synchronisation: there is no signal for "ready" but a good answer.
            await Task.Delay(10, deadline.Token); // sync-ok: start-up time is measured to the first good answer
        }
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills any process the server had that is still running; returns how many there were.</summary>
    private int KillLeftBehind()
    {
        var count = 0;
        foreach (var process in _sampler.Seen.Where(p => p.ProcessId != _process.Id && ProcessTree.IsAlive(p)))
        {
            count++;
            try
            {
                using var leftover = Process.GetProcessById(process.ProcessId);
                leftover.Kill();
                leftover.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (ArgumentException)
            {
                // It ended by itself meanwhile.
            }
            catch (InvalidOperationException)
            {
                // Likewise.
            }
        }

        return count;
    }

    private void OnLine(string? line, string prefix)
    {
        if (line is null)
        {
            if (prefix.Length == 0)
            {
                _listeningLine.TrySetResult(""); // stdout closed without the line: the wait ends and reports it
            }

            return;
        }

        lock (_transcript)
        {
            if (_transcript.Length < 16_384)
            {
                _transcript.Append(prefix).AppendLine(line);
            }
        }

        // Log lines may come first (a warning about the environment, say): the transcript keeps them, and the wait
        // goes on to the line that names the address.
        if (prefix.Length == 0 && ListeningLine().IsMatch(line))
        {
            _listeningLine.TrySetResult(line);
        }
    }
}
