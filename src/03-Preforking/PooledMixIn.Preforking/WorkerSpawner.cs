using System.Collections.ObjectModel;
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
/// The numbers travel in the <see cref="WorkerMarker"/>, with the worker's own <see cref="ControlChannel"/>; the kernel objects are the same, nothing is relayed.
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
    /// <summary>
    /// Starts a worker that inherits <paramref name="inherited"/> and the write end of a new control channel, whose
    /// descriptor this fills into the marker, with <paramref name="environment"/> set over the inherited environment
    /// (a null value removes a variable). The caller owns both results.
    /// </summary>
    public static (Process Process, ControlChannel Control) Start(
        WorkerMarker marker, IReadOnlyList<SafeHandle> inherited, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var control = new ControlChannel();
        inherited = [.. inherited, control.WriteEnd];
        var startInfo = CreateStartInfo();
        foreach (var (name, value) in environment ?? ReadOnlyDictionary<string, string?>.Empty)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        startInfo.Environment[WorkerMarker.VariableName] = (marker with { ControlFd = FileDescriptors.NumberOf(control.WriteEnd) }).Format();
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };

        try
        {
            StartInheriting(process, inherited);
        }
        catch
        {
            control.Dispose();
            throw;
        }

        control.ReleaseWriteEnd();
        return (process, control);
    }

    /// <summary>Starts <paramref name="process"/> with <paramref name="inherited"/> open in it, under the one spawn lock.</summary>
    internal static void StartInheriting(Process process, IReadOnlyList<SafeHandle> inherited)
    {
        lock (s_spawnLock)
        {
            foreach (var handle in inherited)
            {
                CloseOnExec.Set(FileDescriptors.NumberOf(handle), closeOnExec: false);
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
                    CloseOnExec.Set(FileDescriptors.NumberOf(handle), closeOnExec: true);
                }
            }
        }
    }
    #endregion

    /// <summary>
    /// A copy of <paramref name="environment"/>, checked once so that a bad name fails when the pool starts rather than
    /// in every spawn: a name must be non-empty and without '=' or NUL, and must not be the worker marker, which only the
    /// spawner sets.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a valid environment variable name, or is the marker's.</exception>
    public static IReadOnlyDictionary<string, string?> ValidatedEnvironment(IDictionary<string, string?> environment, string parameterName)
    {
        foreach (var (name, value) in environment)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is not an environment variable name: it must be non-empty, without '=' or NUL.", parameterName);
            }

            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The value of {name} contains NUL, which an environment cannot hold.", parameterName);
            }

            if (name == WorkerMarker.VariableName)
            {
                throw new ArgumentException($"{name} is the worker marker, which the pool sets itself.", parameterName);
            }
        }

        return new Dictionary<string, string?>(environment, StringComparer.Ordinal);
    }

    /// <summary>This program again, with its original arguments, its output and error read by the parent.</summary>
    private static ProcessStartInfo CreateStartInfo()
    {
        var startInfo = SelfProcess.StartInfo(Environment.GetCommandLineArgs().Skip(1));
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        return startInfo;
    }
}
