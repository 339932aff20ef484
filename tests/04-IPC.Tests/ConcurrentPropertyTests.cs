using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.Ipc.Tests.Child;

namespace PooledMixIn.Ipc.Tests;

/// <summary>What a generated concurrent script does: try, wait briefly, or release one or two tokens.</summary>
public enum ConcurrentOperation
{
    TryWait,
    WaitBriefly,
    Release1,
    Release2,
}

/// <summary>
/// Model-based properties with real concurrency: random scripts run at once on threads of this process
/// and of a helper process. Interleavings are not predictable, so the model is accounting: whatever
/// the interleaving, tokens are conserved and the count stays within its bounds.
/// </summary>
public sealed class ConcurrentPropertyTests
{
    [Property(MaxTest = 8, EndSize = 25)]
    public Property Tokens_are_conserved_across_threads_and_processes(
        byte initial, byte headroom,
        ConcurrentOperation[] local1, ConcurrentOperation[] local2, ConcurrentOperation[] remote1, ConcurrentOperation[] remote2)
    {
        int initialCount = initial % 4;
        int maximum = initialCount + 1 + (headroom % 4);
        using var region = SharedMemoryRegion.Create(SharedSemaphore.SizeInBytes);
        using var semaphore = SharedSemaphore.Create(region, 0, initialCount, maximum);

        // A sampler watches the count while everyone works: it must never leave [0, maximum].
        using var stop = new CancellationTokenSource();
        int lowest = initialCount, highest = initialCount;
        var sampler = Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                int count = semaphore.CurrentCount;
                lowest = Math.Min(lowest, count);
                highest = Math.Max(highest, count);
            }
        }, TaskCreationOptions.LongRunning);

        ScriptResult remote, local;
        using (var child = IpcChild.Start(region, "script", 0, Encode(remote1), Encode(remote2)))
        {
            local = Script.Run(semaphore, [Encode(local1), Encode(local2)]);
            remote = ScriptResult.Parse(child.ReadLine(Waiting.Patience));
        }

        stop.Cancel();
        sampler.Wait(Waiting.Patience);
        ScriptResult all = local + remote;
        int final = semaphore.CurrentCount;
        int drained = 0;
        while (semaphore.Wait(0))
        {
            drained++;
        }

        return (final == initialCount + all.Released - all.Takes).Label($"conservation: final {final} = {initialCount} + {all.Released} released - {all.Takes} taken")
            .And((all.Takes <= initialCount + all.Released).Label("every release consumed at most once"))
            .And((lowest >= 0 && highest <= maximum).Label($"count stayed in [0, {maximum}], saw [{lowest}, {highest}]"))
            .And((drained == final).Label($"drained {drained} tokens of {final}"));
    }

    [Property(MaxTest = 6, EndSize = 4)]
    public Property Every_Set_wakes_all_current_waiters_in_every_process(byte localWaiters, byte remoteWaiters, bool resetAtOnce)
    {
        int locals = localWaiters % 4, remotes = 1 + (remoteWaiters % 3);
        using var region = SharedMemoryRegion.Create(SharedEvent.SizeInBytes);
        using var sharedEvent = SharedEvent.Create(region, 0, initialState: false);
        using var child = IpcChild.Start(region, "event-wait", 0, 10_000, remotes);
        var waiters = Enumerable.Range(0, locals)
            .Select(_ => Task.Factory.StartNew(() => sharedEvent.Wait(Waiting.Patience), TaskCreationOptions.LongRunning))
            .ToArray();
        Waiting.Until(() => sharedEvent.WaiterCount == locals + remotes, "every waiter blocks");

        sharedEvent.Set();
        if (resetAtOnce)
        {
            sharedEvent.Reset();
        }

        bool localsWoke = Task.WaitAll(waiters, Waiting.Patience) && waiters.All(w => w.Result);
        string[] remoteOutcomes = Enumerable.Range(0, remotes).Select(_ => child.ReadLine(Waiting.Patience)).ToArray();

        return localsWoke.Label($"{locals} local waiters woke")
            .And(remoteOutcomes.All(o => o == "signaled").Label($"{remotes} remote waiters: {string.Join(',', remoteOutcomes)}"));
    }

    private static string Encode(ConcurrentOperation[] operations) =>
        string.Join(',', operations.Select(operation => operation switch
        {
            ConcurrentOperation.TryWait => "w0",
            ConcurrentOperation.WaitBriefly => "w5",
            ConcurrentOperation.Release1 => "r1",
            _ => "r2",
        })) is { Length: > 0 } script ? script : "w0";
}
