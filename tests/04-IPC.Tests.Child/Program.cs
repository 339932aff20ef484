// A helper process for the layer-4 tests. Usage: <command> <inherited region fd> <arguments...>
// Every command maps the region the parent handed down, prints "ready <pid>" once it is set up, and
// reports what happened on stdout, one fact per line, so the test can assert on it.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using PooledMixIn.Ipc;
using PooledMixIn.Ipc.Tests.Child;

[assembly: SupportedOSPlatform("linux")]

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: <command> <fd> [arguments]");
    return 2;
}

string command = args[0];
using var region = SharedMemoryRegion.OpenInherited(Int(1));
Console.Out.Flush();

switch (command)
{
    case "sem-wait":
    {
        // sem-wait <fd> <offset> <timeoutMs>
        using var semaphore = SharedSemaphore.Open(region, Long(2));
        Ready();
        var clock = Stopwatch.StartNew();
        bool taken = semaphore.Wait(Int(3));
        Say($"{(taken ? "acquired" : "timeout")} {clock.ElapsedMilliseconds}");
        return 0;
    }

    case "sem-wait-cancel":
    {
        // sem-wait-cancel <fd> <offset> <cancelAfterMs>: the token is cancelled by a timer in this process.
        using var semaphore = SharedSemaphore.Open(region, Long(2));
        using var cancellation = new CancellationTokenSource(Int(3));
        Ready();
        var clock = Stopwatch.StartNew();
        try
        {
            semaphore.Wait(cancellation.Token);
            Say($"acquired {clock.ElapsedMilliseconds}");
        }
        catch (OperationCanceledException)
        {
            Say($"cancelled {clock.ElapsedMilliseconds}");
        }

        return 0;
    }

    case "sem-release":
    {
        // sem-release <fd> <offset> <count>
        using var semaphore = SharedSemaphore.Open(region, Long(2));
        Ready();
        Say($"released {semaphore.Release(Int(3))}");
        return 0;
    }

    case "hand-off-worker":
    {
        // hand-off-worker <fd> <semaphoreOffset> <acceptedOffset> <gateOffset>: the seed's worker. It takes a token,
        // then waits at the gate (where a real worker calls accept) until the test opens it, then sets the accepted
        // event the parent waits on. A test that kills it at the gate proves what a worker's death there costs.
        using var semaphore = SharedSemaphore.Open(region, Long(2));
        using var accepted = SharedEvent.Open(region, Long(3));
        using var gate = SharedEvent.Open(region, Long(4));
        Ready();
        semaphore.Wait();
        Say("took");
        gate.Wait();
        accepted.Set();
        Say("accepted");
        return 0;
    }

    case "event-wait":
    {
        // event-wait <fd> <offset> <timeoutMs> <threads>: every thread waits once and reports.
        using var sharedEvent = SharedEvent.Open(region, Long(2));
        int timeout = Int(3);
        Ready();
        Parallel.For(0, Int(4), new ParallelOptions { MaxDegreeOfParallelism = Int(4) }, _ =>
            Say(sharedEvent.Wait(timeout) ? "signaled" : "timeout"));
        Say("done");
        return 0;
    }

    case "event-set":
    {
        // event-set <fd> <offset>
        using var sharedEvent = SharedEvent.Open(region, Long(2));
        Ready();
        sharedEvent.Set();
        Say("set");
        return 0;
    }

    case "create-named":
    {
        // create-named <fd>: creates a /dev/shm region, reports its name and plays a server that then crashes.
        var named = SharedMemoryRegion.CreateNamed(4096);
        Ready();
        Say($"named {named.Name}");
        Thread.Sleep(Timeout.Infinite); // sync-ok: not synchronisation, this process waits to be killed
        return 0;
    }

    case "hammer":
        // hammer <fd> <semaphoreOffset> <plainCounterOffset> <atomicCounterOffset> <threads> <iterations>
        Ready();
        Hammer.Run(region, Long(2), Long(3), Long(4), Int(5), Int(6));
        Say("done");
        return 0;

    case "script":
    {
        // script <fd> <semaphoreOffset> <script per thread>...: see Script for the format.
        using var semaphore = SharedSemaphore.Open(region, Long(2));
        Ready();
        Say(Script.Run(semaphore, args[3..]).ToString());
        return 0;
    }

    case "slow-exit":
    {
        // slow-exit <fd> <markerPath> <then>: registers an exit handler that takes a while and then writes the marker
        // file, as coverlet's does when it writes a process's hits; <then> is "exit" (return at once, so the process is
        // inside that handler right after its last line) or "block" (wait to be stopped).
        string marker = args[2];
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Thread.Sleep(300); // sync-ok: not synchronisation, it stands for an exit handler's work
            File.WriteAllText(marker, "exit handler finished");
        };
        Ready();
        Say(args[3] == "exit" ? "exiting" : "blocking");
        if (args[3] != "exit")
        {
            Thread.Sleep(Timeout.Infinite); // sync-ok: not synchronisation, this process waits to be stopped
        }

        return 0;
    }

    default:
        Console.Error.WriteLine($"unknown command '{command}'");
        return 2;
}

int Int(int index) => int.Parse(args[index], CultureInfo.InvariantCulture);

long Long(int index) => long.Parse(args[index], CultureInfo.InvariantCulture);

static void Ready() => Say($"ready {Environment.ProcessId}");

static void Say(string line)
{
    // Console.Out is synchronised; flush at once so the parent sees each line as it happens.
    Console.Out.WriteLine(line);
    Console.Out.Flush();
}
