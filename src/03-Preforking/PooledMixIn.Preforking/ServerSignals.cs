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
    /// The operator's signals that were ignored when this process started, which the runtime then keeps ignored,
    /// whatever is registered for them: <c>nohup</c> ignores HUP, and a non-interactive shell starts a background job
    /// with INT and QUIT ignored. Read from the kernel's <c>SigIgn</c> mask in <c>/proc/self/status</c>.
    /// </summary>
    public static IReadOnlyList<string> IgnoredAtStart() => IgnoredAtStart(File.ReadLines("/proc/self/status"));

    /// <summary>The same, read from the lines of a process's <c>/proc/PID/status</c>.</summary>
    internal static IReadOnlyList<string> IgnoredAtStart(IEnumerable<string> status)
    {
        var line = status.FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null || !ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), System.Globalization.NumberStyles.HexNumber,
                System.Globalization.CultureInfo.InvariantCulture, out var mask))
        {
            return [];
        }

        return [.. s_operatorSignals.Where(signal => (mask & (1UL << (signal.Number - 1))) != 0).Select(signal => signal.Name)];
    }

    // Their Linux numbers, for the mask: PosixSignal's portable values are not the kernel's.
    private static readonly (string Name, int Number)[] s_operatorSignals =
        [("HUP", 1), ("INT", 2), ("QUIT", 3), ("USR2", 12), ("TERM", 15), ("TTIN", 21), ("TTOU", 22)];

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
