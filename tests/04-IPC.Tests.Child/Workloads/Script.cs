using System.Globalization;
using System.Runtime.Versioning;
using PooledMixIn.Ipc;

namespace PooledMixIn.Ipc.Tests.Child;

/// <summary>What a set of threads did to a semaphore: the facts the model-based property adds up.</summary>
internal readonly record struct ScriptResult(int Takes, int Released, int Full, int Timeouts)
{
    public static ScriptResult operator +(ScriptResult a, ScriptResult b) =>
        new(a.Takes + b.Takes, a.Released + b.Released, a.Full + b.Full, a.Timeouts + b.Timeouts);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"takes={Takes} released={Released} full={Full} timeouts={Timeouts}");

    public static ScriptResult Parse(string line)
    {
        var values = line.Split(' ').Select(part => int.Parse(part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)).ToArray();
        return new ScriptResult(values[0], values[1], values[2], values[3]);
    }
}

/// <summary>
/// Runs one script per thread against a semaphore, all threads at once. A script is a comma-separated
/// list of operations: <c>w15</c> waits up to 15 ms, <c>r2</c> releases 2 tokens.
/// Shared by the test process and the helper processes.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Script
{
    internal static ScriptResult Run(SharedSemaphore semaphore, IReadOnlyList<string> scripts)
    {
        var results = new ScriptResult[scripts.Count];
        Parallel.For(0, scripts.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, scripts.Count) }, index =>
            results[index] = RunOne(semaphore, scripts[index]));
        return results.Aggregate(default(ScriptResult), (sum, next) => sum + next);
    }

    private static ScriptResult RunOne(SharedSemaphore semaphore, string script)
    {
        int takes = 0, released = 0, full = 0, timeouts = 0;
        foreach (string operation in script.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int argument = int.Parse(operation.AsSpan(1), CultureInfo.InvariantCulture);
            if (operation[0] == 'w')
            {
                if (semaphore.Wait(argument))
                {
                    takes++;
                }
                else
                {
                    timeouts++;
                }
            }
            else
            {
                try
                {
                    semaphore.Release(argument);
                    released += argument;
                }
                catch (SemaphoreFullException)
                {
                    full++;
                }
            }
        }

        return new ScriptResult(takes, released, full, timeouts);
    }
}
