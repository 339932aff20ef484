using System.Diagnostics;
using System.Runtime.ExceptionServices;
using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// The soak's workload on dedicated client threads, for a fixed time and at most a fixed number of rounds: new
/// connections, kept-alive connections with several requests, slow requests, and garbage, in turn. Every legitimate
/// request must get the demo line; the first failure ends the load and is rethrown.
/// </summary>
internal static class SoakLoad
{
    private const int MaxRounds = 5_000_000;
    private const int RequestsPerKeptAliveConnection = 5;

    /// <summary>Runs the load for <paramref name="duration"/> on <paramref name="clients"/> threads; returns the rounds done.</summary>
    /// <exception cref="TimeoutException">A client did not finish its last round in time.</exception>
    public static int Run(DemoServer server, int clients, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        Exception? failure = null;
        var threads = Enumerable.Range(0, clients).Select(client => new Thread(() =>
        {
            try
            {
                for (var round = client; clock.Elapsed < duration && Volatile.Read(ref failure) is null && Interlocked.Increment(ref rounds) < MaxRounds; round++)
                {
                    OneRound(server, round);
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        })
        { IsBackground = true, Name = $"soak-client-{client}" }).ToList();

        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            if (!thread.Join(duration + TestTimeouts.Operation))
            {
                throw new TimeoutException("A soak client did not finish its round.");
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return rounds;
    }

    private static void OneRound(DemoServer server, int round)
    {
        switch (round % 4)
        {
            case 0:
                server.Get($"/soak/{round}");
                break;
            case 1:
                using (var client = RawHttpClient.Connect(server.Process.EndPoint))
                {
                    for (var i = 0; i < RequestsPerKeptAliveConnection; i++)
                    {
                        client.Send($"GET /soak/{round}/{i} HTTP/1.1\r\nHost: soak\r\n\r\n");
                        DemoLine.Parse(client.ReadResponse().Text);
                    }
                }

                break;
            case 2:
                server.Get("/sleep/5");
                break;
            default:
                var random = new Random(round);
                RawExchange.Send(server.Process.EndPoint, Garbage.Kinds[random.Next(Garbage.Kinds.Count)].Make(random));
                break;
        }
    }
}
