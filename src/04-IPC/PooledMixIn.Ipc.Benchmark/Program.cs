// Layer 4 micro-benchmark: the cost of the shared semaphore and event next to .NET's in-process
// primitives and its named Mutex, on this machine, in one run.
// Usage: PooledMixIn.Ipc.Benchmark [--quick] [--output path.json] [--markdown path.md]
//   --quick     a few-second smoke run for CI (fewer iterations; numbers are indicative only)
//   --markdown  also write the table as a markdown include, with the machine, load average and commit it was run at
//               (the tutorial's layer 4 Numbers: --markdown docs/includes/numbers-layer-4.md)
using System.Globalization;
using System.Runtime.Versioning;
using PooledMixIn.Ipc.Benchmark;

[assembly: SupportedOSPlatform("linux")]

if (args.Length == 3 && args[0] == EchoWorker.Marker)
{
    return EchoWorker.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
}

bool quick = args.Contains("--quick");
int outputIndex = Array.IndexOf(args, "--output");
string output = outputIndex >= 0 && outputIndex + 1 < args.Length
    ? args[outputIndex + 1]
    : Path.Combine("benchmark-results", "ipc-benchmark.json");
int markdownIndex = Array.IndexOf(args, "--markdown");
string? markdown = markdownIndex >= 0 && markdownIndex + 1 < args.Length ? args[markdownIndex + 1] : null;
string loadAtStart = Report.LoadAverage();

#if DEBUG
Console.WriteLine("warning: a Debug build; run with -c Release for meaningful numbers");
#endif
Console.WriteLine($"PooledMixIn.Ipc benchmark ({(quick ? "quick" : "full")} run), {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, load average {Report.LoadAverage()}");

int uncontended = quick ? 200_000 : 5_000_000;
int roundTrips = quick ? 2_000 : 50_000;
var results = new List<Measurement>();
results.AddRange(Uncontended.Run(uncontended));
results.AddRange(RoundTrip.Run(roundTrips));

Report.Print(results);
Report.Write(output, results, quick);
if (markdown is not null)
{
    Report.WriteMarkdown(markdown, results, quick, loadAtStart);
}

return 0;
