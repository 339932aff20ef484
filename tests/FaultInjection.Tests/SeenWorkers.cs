using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// Every worker a test saw its server with, so that cleanup reaches the orphans too: a worker whose server was
/// killed first, or that outlived it for any other reason, is killed with a bounded wait.
/// </summary>
internal sealed class SeenWorkers
{
    private readonly HashSet<int> _pids = [];

    /// <summary>The live workers of <paramref name="serverPid"/> (children that are not zombies), remembered.</summary>
    public IReadOnlyList<int> LiveChildrenOf(int serverPid)
    {
        var workers = LinuxProcesses.ChildrenOf(serverPid).Where(LinuxProcesses.IsRunning).Order().ToList();
        Remember(workers);
        return workers;
    }

    public void Remember(IEnumerable<int> workers)
    {
        lock (_pids)
        {
            _pids.UnionWith(workers);
        }
    }

    /// <summary>Kills every remembered worker still running and waits (bounded) until all are gone.</summary>
    public void KillAll()
    {
        int[] workers;
        lock (_pids)
        {
            workers = [.. _pids];
        }

        foreach (var worker in workers.Where(LinuxProcesses.IsRunning))
        {
            try
            {
                Signals.Send(worker, Signals.Kill);
            }
            catch (IOException)
            {
                // Gone in the meantime.
            }
        }

        Eventually.Until(() => !workers.Any(LinuxProcesses.IsRunning), TestTimeouts.Operation, "every worker gone");
    }
}
