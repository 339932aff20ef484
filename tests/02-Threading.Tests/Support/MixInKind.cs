namespace PooledMixIn.Threading.Tests.Support;

/// <summary>The two thread mix-ins, so one test can run against both.</summary>
public enum MixInKind
{
    Threading,
    Prethreaded,
}
