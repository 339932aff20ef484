using PooledMixIn.Sockets;

namespace PooledMixIn;

/// <summary>
/// The seed's protocol, worker side (<see cref="AcceptStrategy.Handoff"/>): a turn is a token the server process
/// released for a connection it saw; ending the turn sets the event the server process waits for.
/// </summary>
internal sealed class HandoffTurn(PoolState state, int worker) : PoolTurn(state, worker)
{
    #region handoff-worker-turn
    protected override bool WaitForTurn(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!State.Token.Wait(timeout, cancellationToken))
        {
            return false;
        }

        Mark(thread, ThreadActivity.Accepting);
        State.Accepting.Increment(); // the server process counts it when it batches tokens
        HandoffFaults.Reached?.Invoke(HandoffStep.TokenTaken);
        return true; // no poll: the server process saw the connection; the accept does not block if it has gone
    }

    public override void Release(int thread)
    {
        State.Accepting.Decrement();
        HandoffFaults.Reached?.Invoke(HandoffStep.BeforeAcknowledgement);
        State.Accepted.Set(); // whether or not there was still a connection: the server process may poll again
    }
    #endregion
}
