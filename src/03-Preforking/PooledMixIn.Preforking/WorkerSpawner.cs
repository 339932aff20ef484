using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>
/// Starts the current program again as a worker, handing it sockets by descriptor inheritance.
/// </summary>
/// <remarks>
/// <para>
/// .NET creates every socket with FD_CLOEXEC and <see cref="ProcessStartInfo"/> has no handle inheritance on Unix, so
/// the flag is cleared on exactly the descriptors to hand over, the process is started, and the flag is restored.
/// The numbers travel in the <see cref="WorkerMarker"/>; the kernel objects are the same, nothing is relayed.
/// </para>
/// <para>
/// While the flag is clear, any process started from any thread inherits those descriptors. All of this library's
/// spawns go through one lock, so its own workers never pick up each other's connections; a process the
/// application starts on another thread in that window (microseconds) would inherit the listening socket and
/// keep the port open while it lives. Passing descriptors over a Unix socket with SCM_RIGHTS closes that window,
/// at the cost of a handshake per worker.
/// </para>
/// </remarks>
internal static class WorkerSpawner
{
    private static readonly Lock s_spawnLock = new();

    #region spawn-worker
    public static Process Start(WorkerMarker marker, IReadOnlyList<SafeHandle> inherited)
    {
        var startInfo = CreateStartInfo();
        startInfo.Environment[WorkerMarker.VariableName] = marker.Format();
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };

        lock (s_spawnLock)
        {
            foreach (var handle in inherited)
            {
                FileDescriptors.SetCloseOnExec(FileDescriptors.NumberOf(handle), closeOnExec: false);
            }

            try
            {
                process.Start();
            }
            catch
            {
                process.Dispose();
                throw;
            }
            finally
            {
                foreach (var handle in inherited)
                {
                    FileDescriptors.SetCloseOnExec(FileDescriptors.NumberOf(handle), closeOnExec: true);
                }
            }
        }

        return process;
    }
    #endregion

    /// <summary>
    /// The command that starts this program again: the app host with the original arguments, or, when the program
    /// was started as <c>dotnet app.dll</c>, the host with the entry assembly first.
    /// </summary>
    private static ProcessStartInfo CreateStartInfo()
    {
        var processPath = Environment.ProcessPath
            ?? throw new InvalidOperationException("The path of the current executable is unknown; cannot start workers.");
        var startInfo = new ProcessStartInfo(processPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Under 'dotnet app.dll' the runtime reports the entry assembly's path as the first command-line argument
        // (Assembly.Location would say the same, but is empty in a single-file or NativeAOT app, and the analyzers
        // for those flag it). A NativeAOT app is its own executable: ProcessPath is the native binary, re-executed.
        var arguments = Environment.GetCommandLineArgs();
        if (string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.Ordinal))
        {
            if (arguments.Length == 0 || !File.Exists(arguments[0]))
            {
                throw new InvalidOperationException("The entry assembly's path is unknown; cannot start workers under 'dotnet'.");
            }

            startInfo.ArgumentList.Add(arguments[0]);
        }

        foreach (var argument in arguments.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
