using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>
/// The operator's signals, as the server process of gunicorn's arbiter or nginx's master reads them: TERM stops
/// gracefully, INT and QUIT stop quickly, HUP reloads (every worker replaced gracefully). Each handler only cancels
/// the default action and hands the work to the thread pool: a signal handler must not block. TTIN and TTOU add and
/// remove one worker; USR2 starts the program on disk as a new server process that shares the listening socket.
/// </summary>
internal sealed class ServerSignals : IDisposable
{
    // .NET's PosixSignal names the portable signals only; others are registered by their raw Linux number.
    private const PosixSignal SIGUSR2 = (PosixSignal)12;
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <param name="stop">Runs on TERM with <see langword="false"/> (graceful), on INT and QUIT with <see langword="true"/> (quick).</param>
    /// <param name="reload">Runs on HUP.</param>
    /// <param name="resize">Runs on TTIN with +1, on TTOU with -1.</param>
    /// <param name="upgrade">Runs on USR2.</param>
    public ServerSignals(Action<bool> stop, Action reload, Action<int> resize, Action upgrade)
    {
        Handle(PosixSignal.SIGTERM, () => stop(false));
        Handle(PosixSignal.SIGINT, () => stop(true));
        Handle(PosixSignal.SIGQUIT, () => stop(true));
        Handle(PosixSignal.SIGHUP, reload);
        if (OperatingSystem.IsLinux()) // always, for a process-based server; the guard tells the platform analyzer
        {
            Handle(PosixSignal.SIGTTIN, () => resize(+1));
            Handle(PosixSignal.SIGTTOU, () => resize(-1));
            Handle(SIGUSR2, upgrade);
        }
    }

    /// <summary>
    /// Whether SIGHUP was ignored when this process started, as <c>nohup</c> leaves it: the runtime then keeps it
    /// ignored, whatever is registered for it. Read from the kernel's <c>SigIgn</c> mask in <c>/proc/self/status</c>.
    /// </summary>
    public static bool HangupIgnored() => HangupIgnored(File.ReadLines("/proc/self/status"));

    /// <summary>The same, read from the lines of a process's <c>/proc/PID/status</c>.</summary>
    internal static bool HangupIgnored(IEnumerable<string> status)
    {
        var line = status.FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (SIGHUP - 1))) != 0;
    }

    // SIGHUP's number on Linux, for the mask: PosixSignal.SIGHUP is a portable, negative value.
    private const int SIGHUP = 1;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignal signal, Action action) =>
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => action());
        }));
}
