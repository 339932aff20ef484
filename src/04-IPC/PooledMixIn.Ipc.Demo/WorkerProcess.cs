using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc.Demo;

/// <summary>
/// Starts this same program again as a worker: .NET cannot fork, so a "forked" worker is a fresh
/// process running the same code with a marker argument (<see cref="Marker"/>) that sends it down the
/// worker path. The region's descriptor is inherited, and its number is passed on the command line.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>The first argument of a worker's command line.</summary>
    internal const string Marker = "--worker";

    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    internal int Id => _process.Id;

    /// <summary>Starts <c>this-program --worker &lt;role&gt; &lt;region fd&gt; &lt;arguments&gt;</c> with the region inherited.</summary>
    internal static WorkerProcess Start(SharedMemoryRegion region, string role, params string[] arguments)
    {
        ProcessStartInfo startInfo = SelfProcess.StartInfo(
            [Marker, role, region.FileHandle.FileDescriptor.ToString(CultureInfo.InvariantCulture), .. arguments]);

        #region inherit-region
        // The only window in which the region's fd is inheritable: around the fork+exec in Start.
        // The worker calls SharedMemoryRegion.OpenInherited(fd) with the number passed above.
        using (region.AllowInheritance())
        {
            return new WorkerProcess(Process.Start(startInfo)!);
        }
        #endregion
    }

    /// <summary>Waits for the worker to exit; kills it if it takes longer than <paramref name="timeout"/>.</summary>
    internal int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Console.Error.WriteLine($"worker {Id} did not finish within {timeout.TotalSeconds} s; killing it");
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(5));
            return -1;
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
