/// <summary>
/// Keeps the .NET thread pool of the process saturated: work items that each block their thread for a second and
/// queue their successor first, so that anything else queued waits behind them. A busy application's server
/// process looks like this; nothing the pool's supervision relies on may wait for the thread pool.
/// </summary>
internal sealed class BusyThreadPool : IDisposable
{
    private static readonly TimeSpan s_itemDuration = TimeSpan.FromSeconds(1);
    private volatile bool _stopped;

    public static BusyThreadPool Start()
    {
        var busy = new BusyThreadPool();
        for (var i = 0; i < 2 * Environment.ProcessorCount; i++)
        {
            ThreadPool.QueueUserWorkItem(_ => busy.Block());
        }

        return busy;
    }

    public void Dispose() => _stopped = true;

    private void Block()
    {
        if (_stopped)
        {
            return;
        }

        ThreadPool.QueueUserWorkItem(_ => Block());
        Thread.Sleep(s_itemDuration); // sync-ok: occupying a pool thread is the point
    }
}
