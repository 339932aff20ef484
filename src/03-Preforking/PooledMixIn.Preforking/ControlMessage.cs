namespace PooledMixIn.Preforking;

/// <summary>What a worker can tell its parent over its <see cref="ControlChannel"/>: one byte each.</summary>
internal enum ControlMessage : byte
{
    /// <summary>The worker serves: its start-up is over.</summary>
    Ready = (byte)'R',

    /// <summary>A handler in the worker asked the server to stop: the whole server must stop.</summary>
    ShutdownRequested = (byte)'S',
}
