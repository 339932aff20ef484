using System.Diagnostics;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// One simulated client: requests back to back, each one only after the previous answer (a closed loop, like
/// siege, wrk and Stevens' client), recording into its own histogram and tallies so that no loop ever waits for
/// another.
/// </summary>
internal sealed class ClientLoop : IDisposable
{
    private readonly HttpExchange _exchange;
    private readonly LoadControl _control;

    public ClientLoop(LoadSettings settings, LoadControl control)
    {
        _exchange = new HttpExchange(settings.EndPoint, settings.Path, settings.KeepAlive, settings.Timeout, settings.ExpectedBody);
        _control = control;
    }

    public LatencyHistogram Latency { get; } = new();

    public WorkerTally Workers { get; } = new();

    public long[] Errors { get; } = new long[Enum.GetValues<ErrorKind>().Length];

    public List<string> ErrorSamples { get; } = [];

    public long ConnectionsOpened => _exchange.ConnectionsOpened;

    public async Task RunAsync()
    {
        while (_control.TryStartRequest())
        {
            var outcome = await _exchange.ExecuteAsync();
            if (outcome.Error is { } kind)
            {
                // The first error of each kind is kept as an example for the report; the rest are only counted.
                if (++Errors[(int)kind] == 1)
                {
                    ErrorSamples.Add($"{kind}: {outcome.Detail}");
                }

                continue;
            }

            Latency.Record(outcome.LatencyTicks * 1_000_000 / Stopwatch.Frequency);
            if (outcome.Answer.ProcessId != 0)
            {
                Workers.Count(outcome.Answer.ProcessId, _exchange.Received[outcome.Answer.Thread]); // an app's answer names no worker
            }
        }
    }

    public void Dispose() => _exchange.Dispose();
}
