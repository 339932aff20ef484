namespace PooledMixIn.Threading.Tests.Support;

/// <summary>The thread mix-ins, so one test can run against each.</summary>
public enum MixInKind
{
    Threading,
    Prethreaded,
    TurnTaking,
}
