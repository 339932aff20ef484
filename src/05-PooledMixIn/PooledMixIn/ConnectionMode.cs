namespace PooledMixIn;

/// <summary>What a pool thread is given: a connection to hold until it closes, or one request at a time.</summary>
public enum ConnectionMode
{
    /// <summary>
    /// The seed's form, and Apache's worker MPM: a thread accepts a connection and holds it until it closes, waiting
    /// through every slow read and every idle keep-alive gap. P × T clients that send nothing occupy the whole pool.
    /// </summary>
    Thread,

    /// <summary>
    /// Apache's event MPM, and the seed's "accept only when a thread is idle" taken one step further: each worker
    /// parks the connections it accepts in an epoll poller, and a pool thread is given one only once its whole
    /// request head has arrived. A client that sends nothing, or half a head, costs a parked socket, never a thread,
    /// and its deadline (<see cref="PooledProcessMixIn.ParkingLimits"/>) is kept on the poller.
    /// </summary>
    Event,
}
