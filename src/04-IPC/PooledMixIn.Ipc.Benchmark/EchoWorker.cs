using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc.Benchmark;

/// <summary>
/// The other end of a cross-process round trip: this same program started again with
/// <c>--echo &lt;semaphore|event&gt; &lt;region fd&gt;</c>. It answers every ping with a pong until the stop flag is set.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class EchoWorker
{
    internal const string Marker = "--echo";

    internal static Process Start(SharedMemoryRegion region, string kind)
    {
        ProcessStartInfo startInfo = SelfProcess.StartInfo(
            [Marker, kind, region.FileHandle.FileDescriptor.ToString(CultureInfo.InvariantCulture)]);
        using (region.AllowInheritance())
        {
            return Process.Start(startInfo)!;
        }
    }

    internal static int Run(string kind, int fd)
    {
        using var region = SharedMemoryRegion.OpenInherited(fd);
        var stop = new SharedValue<int>(region, RoundTrip.StopAt);
        Func<bool> waitPing;
        Action signalPong;
        if (kind == "semaphore")
        {
            var ping = SharedSemaphore.Open(region, RoundTrip.PingAt);
            var pong = SharedSemaphore.Open(region, RoundTrip.PongAt);
            (waitPing, signalPong) = (() => ping.Wait(30_000), () => pong.Release());
        }
        else
        {
            var ping = SharedEvent.Open(region, RoundTrip.PingAt);
            var pong = SharedEvent.Open(region, RoundTrip.PongAt);
            (waitPing, signalPong) = (() => ping.Wait(30_000), pong.Set);
        }

        while (waitPing())
        {
            if (stop.Read() != 0)
            {
                return 0;
            }

            signalPong();
        }

        return 1; // the parent went quiet for 30 s
    }
}
