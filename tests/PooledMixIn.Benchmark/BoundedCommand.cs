using System.Diagnostics;
using System.Globalization;

namespace PooledMixIn.Benchmark;

/// <summary>Runs a program to its end within a time limit, and gives back its exit code and everything it wrote.</summary>
internal static class BoundedCommand
{
    /// <returns>
    /// The exit code and the output (stdout, then stderr); -1 and a note when the program was killed at the limit.
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled (the program is killed).</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan limit, CancellationToken cancellation)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(limit);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, (await output) + (await errors));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellation.ThrowIfCancellationRequested();
            return (-1, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(program)} did not finish within {limit.TotalSeconds:F0} s"));
        }
    }
}
