using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PooledMixIn.Ipc.Benchmark;

/// <summary>Prints the table and writes the JSON file, with the facts needed to compare runs.</summary>
internal static class Report
{
    internal static void Print(IReadOnlyList<Measurement> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"primitive",-26} {"kind",-12} {"scope",-14} {"operation",-30} {"n",9} {"mean",10} {"median",10} {"p99",10}");
        Console.WriteLine(new string('-', 128));
        foreach (Measurement m in results)
        {
            Console.WriteLine($"{m.Primitive,-26} {m.Kind,-12} {m.Scope,-14} {m.Operation,-30} {m.Iterations,9} {Format(m.MeanNanoseconds),10} {Format(m.MedianNanoseconds),10} {Format(m.P99Nanoseconds),10}");
        }
    }

    internal static void Write(string path, IReadOnlyList<Measurement> results, bool quick)
    {
        var document = new
        {
            benchmark = "PooledMixIn.Ipc",
            timestampUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            quick,
            machine = new
            {
                os = RuntimeInformation.OSDescription,
                architecture = RuntimeInformation.ProcessArchitecture.ToString(),
                processorCount = Environment.ProcessorCount,
                processor = ProcessorName(),
                runtime = RuntimeInformation.FrameworkDescription,
                loadAverage = LoadAverage(), // other work on the machine: the first thing to check when numbers look odd
            },
            unit = "nanoseconds",
            results,
        };

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(document, s_json));
        Console.WriteLine();
        Console.WriteLine($"wrote {Path.GetFullPath(path)}");
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "Wait + Release", not "Wait \u002B Release"; the file is not HTML
    };

    private static string Format(double? nanoseconds) => nanoseconds switch
    {
        null => "-",
        < 1_000 => $"{nanoseconds:F1} ns",
        _ => $"{nanoseconds / 1_000:F2} µs",
    };

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ProcessorName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
