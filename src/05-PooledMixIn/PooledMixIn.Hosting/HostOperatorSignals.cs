using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PooledMixIn.Hosting;

/// <summary>
/// Under the generic host, the host owns TERM, INT and QUIT (its console or systemd lifetime stops the application,
/// which stops the pool gracefully), so the pool's own handling is off; these are the operator's other signals, acted
/// on as the library acts on them by default: HUP reloads, TTIN and TTOU resize, USR2 upgrades.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class HostOperatorSignals : IDisposable
{
    private const PosixSignal SIGUSR2 = (PosixSignal)12; // raw Linux number: PosixSignal names only the portable ones
    private readonly List<PosixSignalRegistration> _registrations = [];

    public HostOperatorSignals(PooledProcessMixIn pool)
    {
        Handle(PosixSignal.SIGHUP, () => pool.Reload());
        Handle(PosixSignal.SIGTTIN, () => pool.AddWorker());
        Handle(PosixSignal.SIGTTOU, () => pool.RemoveWorker());
        Handle(SIGUSR2, () => pool.Upgrade());
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignal signal, Func<bool> action) =>
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => action()); // a signal handler must not block
        }));
}
