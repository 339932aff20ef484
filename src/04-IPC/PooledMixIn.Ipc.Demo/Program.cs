// Layer 4 sample. Usage:
//   PooledMixIn.Ipc.Demo ping-pong
//   PooledMixIn.Ipc.Demo counter [--processes N] [--increments M]
// Workers are this same program started again with "--worker <role> <region fd> ...".
using System.Globalization;
using System.Runtime.Versioning;
using PooledMixIn.Ipc;
using PooledMixIn.Ipc.Demo;

[assembly: SupportedOSPlatform("linux")]

if (args.Length >= 3 && args[0] == WorkerProcess.Marker)
{
    // Worker path: adopt the region the parent handed down by fd inheritance.
    using var region = SharedMemoryRegion.OpenInherited(int.Parse(args[2], CultureInfo.InvariantCulture));
    return args[1] switch
    {
        "ping-pong" => PingPong.RunWorker(region),
        "counter" => Counter.RunWorker(region, int.Parse(args[3], CultureInfo.InvariantCulture)),
        _ => 2,
    };
}

switch (args.FirstOrDefault())
{
    case "ping-pong":
        return PingPong.RunParent();

    case "counter":
        int processes = Option("--processes", 4);
        int increments = Option("--increments", 100_000);
        if (processes < 1 || increments < 1)
        {
            Console.Error.WriteLine("--processes and --increments must be at least 1");
            return 2;
        }

        return Counter.RunParent(processes, increments);

    default:
        Console.Error.WriteLine("usage: PooledMixIn.Ipc.Demo ping-pong | counter [--processes N] [--increments M]");
        return 2;
}

int Option(string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
