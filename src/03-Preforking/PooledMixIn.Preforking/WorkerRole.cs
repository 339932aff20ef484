namespace PooledMixIn.Preforking;

/// <summary>What a process of a process-based server is.</summary>
public enum WorkerRole
{
    /// <summary>The process the user started: it owns the listening socket and supervises the workers.</summary>
    Parent,

    /// <summary>A pre-started worker of <see cref="PreforkingMixIn"/>: it accepts from the shared socket until told to stop.</summary>
    PreforkedWorker,

    /// <summary>A child of <see cref="ForkingMixIn"/>: it serves the one connection it was handed, then exits.</summary>
    ForkedChild,
}
