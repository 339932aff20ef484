namespace PooledMixIn.Threading.Tests.Support;

/// <summary>A mix-in that signals when the server's close reaches it, so a test can act while the close waits.</summary>
internal interface ISignalsClose
{
    ManualResetEventSlim CloseStarted { get; }
}

internal sealed class SignallingThreadingMixIn : ThreadingMixIn, ISignalsClose
{
    public ManualResetEventSlim CloseStarted { get; } = new();

    protected override void ServerClose()
    {
        CloseStarted.Set();
        base.ServerClose();
    }
}

internal sealed class SignallingPrethreadedMixIn : PrethreadedMixIn, ISignalsClose
{
    public ManualResetEventSlim CloseStarted { get; } = new();

    protected override void ServerClose()
    {
        CloseStarted.Set();
        base.ServerClose();
    }
}

internal sealed class SignallingTurnTakingMixIn : TurnTakingMixIn, ISignalsClose
{
    public ManualResetEventSlim CloseStarted { get; } = new();

    protected override void ServerClose()
    {
        CloseStarted.Set();
        base.ServerClose();
    }
}

/// <summary>Creates any of the mix-ins with the same settings.</summary>
internal static class TestMixIns
{
    /// <param name="kind">Which mix-in.</param>
    /// <param name="bound">MaxThreads (null: none) or ThreadCount (null: 8).</param>
    /// <param name="daemonThreads">DaemonThreads.</param>
    /// <param name="blockOnClose">BlockOnClose.</param>
    public static ThreadedMixIn Create(MixInKind kind, int? bound, bool daemonThreads = false, bool blockOnClose = true) =>
        kind switch
        {
            MixInKind.Threading => new SignallingThreadingMixIn
            {
                MaxThreads = bound,
                DaemonThreads = daemonThreads,
                BlockOnClose = blockOnClose,
            },
            MixInKind.TurnTaking => new SignallingTurnTakingMixIn
            {
                ThreadCount = bound ?? 8,
                DaemonThreads = daemonThreads,
                BlockOnClose = blockOnClose,
            },
            _ => new SignallingPrethreadedMixIn
            {
                ThreadCount = bound ?? 8,
                DaemonThreads = daemonThreads,
                BlockOnClose = blockOnClose,
            },
        };
}
