using System.Diagnostics;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc.Demo;

/// <summary>
/// The seed's hand-off, between two processes. Per round the parent clears the event, releases the
/// semaphore once ("a connection is waiting") and waits on the event; the worker wins the semaphore,
/// records the round and sets the event ("accepted; poll again").
/// </summary>
[SupportedOSPlatform("linux")]
internal static class PingPong
{
    private const int ShownRounds = 5;
    private const int TimedRounds = 10_000;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);

    /// <summary>Where each object lives: the parent and the worker run this same code.</summary>
    private sealed class Layout
    {
        internal Layout()
        {
            var layout = new SharedMemoryLayout();
            Ping = layout.ReserveSemaphore();
            Pong = layout.ReserveEvent();
            Round = layout.ReserveValue<int>();
            WorkerPid = layout.ReserveValue<int>();
            Size = layout.Size;
        }

        internal long Ping { get; }
        internal long Pong { get; }
        internal long Round { get; }
        internal long WorkerPid { get; }
        internal long Size { get; }
    }

    internal static int RunParent()
    {
        var at = new Layout();
        using var region = SharedMemoryRegion.Create(at.Size, "ping-pong");
        using var ping = SharedSemaphore.Create(region, at.Ping, initialCount: 0, maximumCount: 1);
        using var pong = SharedEvent.Create(region, at.Pong, initialState: false);
        var round = new SharedValue<int>(region, at.Round);
        var workerPid = new SharedValue<int>(region, at.WorkerPid);

        Console.WriteLine($"parent {Environment.ProcessId}: region of {region.Size} bytes (memfd fd {region.FileHandle.FileDescriptor}); starting the worker");
        using var worker = WorkerProcess.Start(region, "ping-pong");
        var timed = new Stopwatch();

        for (int i = 1; i <= ShownRounds + TimedRounds; i++)
        {
            bool show = i <= ShownRounds;
            if (show)
            {
                Console.WriteLine($"parent {Environment.ProcessId}: reset pong, release ping #{i}, wait for pong");
            }

            long started = Stopwatch.GetTimestamp();

            #region hand-off
            // The seed's protocol: clear the event, let one worker through, wait until it has accepted.
            pong.Reset();
            ping.Release();

            if (!pong.Wait(s_patience))
            {
                Console.Error.WriteLine($"parent: no pong #{i} within {s_patience.TotalSeconds} s: the worker died holding the token?");
                return 1;
            }
            #endregion

            if (show)
            {
                string note = i == 1 ? " (includes the worker's start-up)" : string.Empty;
                Console.WriteLine($"parent {Environment.ProcessId}: pong #{round.Read()} from worker {workerPid.Read()} after {Stopwatch.GetElapsedTime(started).TotalMicroseconds:F0} µs{note}");
            }

            if (i == ShownRounds)
            {
                Console.WriteLine($"... and {TimedRounds} more rounds without printing:");
                timed.Restart();
            }
        }

        TimeSpan elapsed = timed.Elapsed;
        Console.WriteLine($"parent: {TimedRounds} round trips in {elapsed.TotalMilliseconds:F0} ms = {elapsed.TotalMicroseconds / TimedRounds:F1} µs per round trip (release, wake, set, wake)");

        round.Write(-1); // tells the worker to stop
        ping.Release();
        int exitCode = worker.WaitForExit(s_patience);
        Console.WriteLine($"parent: worker exited with {exitCode}; nothing left in /dev/shm (the region was a memfd)");
        return exitCode;
    }

    internal static int RunWorker(SharedMemoryRegion region)
    {
        var at = new Layout();
        using var ping = SharedSemaphore.Open(region, at.Ping);
        using var pong = SharedEvent.Open(region, at.Pong);
        var round = new SharedValue<int>(region, at.Round);
        new SharedValue<int>(region, at.WorkerPid).Write(Environment.ProcessId);

        while (true)
        {
            // A timeout, not an infinite wait: a worker whose parent vanished must not wait forever.
            if (!ping.Wait(s_patience))
            {
                Console.Error.WriteLine($"worker {Environment.ProcessId}: no ping for {s_patience.TotalSeconds} s; exiting");
                return 1;
            }

            if (round.Read() < 0)
            {
                return 0;
            }

            int mine = round.Increment();
            if (mine <= ShownRounds)
            {
                Console.WriteLine($"  worker {Environment.ProcessId}: took ping #{mine}, setting pong");
            }

            pong.Set();
        }
    }
}
