namespace PooledMixIn.Hosting.Demo;

/// <summary>The demo contract's command-line switches, mapped onto the <c>PooledMixIn</c> configuration section.</summary>
internal static class DemoSwitches
{
    public static readonly Dictionary<string, string> Mappings = new(StringComparer.Ordinal)
    {
        ["--host"] = "PooledMixIn:Host",
        ["--port"] = "PooledMixIn:Port",
        ["--processes"] = "PooledMixIn:ProcessCount",
        ["--threads"] = "PooledMixIn:ThreadCount",
        ["--pid-file"] = "PooledMixIn:PidFile",
    };
}
