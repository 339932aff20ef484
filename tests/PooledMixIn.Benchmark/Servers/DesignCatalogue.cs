namespace PooledMixIn.Benchmark.Servers;

/// <summary>
/// Every server design the suite measures, in the order it runs them. A design whose demo is not built yet is
/// reported as "not built" and skipped, so each layer joins the comparison when it lands.
/// </summary>
internal static class DesignCatalogue
{
    private const string Sockets = "PooledMixIn.Sockets.Demo";
    private const string Threading = "PooledMixIn.Threading.Demo";
    private const string Preforking = "PooledMixIn.Preforking.Demo";
    private const string Pooled = "PooledMixIn.Demo";
    private const string Kestrel = "PooledMixIn.Benchmark.Kestrel";
    private const string AspNetCore = "PooledMixIn.AspNetCore.Demo";
    private const string OnPool = "--PooledProcesses:ProcessCount=2 --PooledProcesses:ThreadCount=64 --Logging:LogLevel:Default=Warning";
    private const string OnKestrel = "--server kestrel --Logging:LogLevel:Default=Warning";
    private const string PlainText = "Hello, World!";
    private const string Json = """{"message":"Hello, World!"}""";

    #region design-catalogue
    public static IReadOnlyList<ServerDesign> All { get; } =
    [
        //  name                        layer demo        its options                                            UNP 3e §30.x what it is
        new("serial",                    1, Sockets,    "",                                                    "30.4",  "one connection at a time"),
        new("threading",                 2, Threading,  "--mixin threading",                                   "30.10", "a new thread per connection"),
        new("prethreaded-128",           2, Threading,  "--mixin prethreaded --threads 128",                   "30.12", "128 threads made at start") { InKeepAlivePass = true },
        new("forking",                   3, Preforking, "--mixin forking",                                     "30.5",  "a new process per connection") { ShortRun = true },
        new("preforked-4",               3, Preforking, "--mixin preforking --processes 4",                    "30.6",  "4 processes, all in accept"),
        new("preforked-2x64",            3, Preforking, "--mixin preforking --processes 2 --threads 64",       "30.6",  "2 processes × 64 threads, all in accept"),
        new("pooled-handoff-2x64",       5, Pooled,     "--processes 2 --threads 64 --strategy handoff",       "30.11", "the seed's semaphore + event hand-off") { InKeepAlivePass = true },
        new("pooled-batched-2x64",       5, Pooled,     "--processes 2 --threads 64 --strategy handoff --batch yes", "30.11", "the hand-off, one token per queued connection"),
        new("pooled-handoff-7x64",       5, Pooled,     "--processes 7 --threads 64 --strategy handoff",       "30.11", "the hand-off, the seed README's shape"),
        new("pooled-handoff-2x8",        5, Pooled,     "--processes 2 --threads 8 --strategy handoff",        "30.11", "the hand-off, a small pool"),
        new("pooled-shared-accept-2x64", 5, Pooled,     "--processes 2 --threads 64 --strategy shared-accept", "30.6", "every idle thread in accept"),
        new("pooled-shared-accept-7x64", 5, Pooled,     "--processes 7 --threads 64 --strategy shared-accept", "30.6", "every idle thread in accept"),
        new("pooled-shared-accept-2x8",  5, Pooled,     "--processes 2 --threads 8 --strategy shared-accept",  "30.6", "every idle thread in accept"),
        new("pooled-accept-lock-2x64",   5, Pooled,     "--processes 2 --threads 64 --strategy accept-lock",   "30.8",  "accept under a cross-process lock"),
        new("pooled-accept-lock-7x64",   5, Pooled,     "--processes 7 --threads 64 --strategy accept-lock",   "30.8",  "accept under a cross-process lock"),
        new("pooled-accept-lock-2x8",    5, Pooled,     "--processes 2 --threads 8 --strategy accept-lock",    "30.8",  "accept under a cross-process lock"),
        // EPOLLEXCLUSIVE (issue 15): an epoll instance per worker, on the socket only while the worker has an idle thread.
        new("pooled-epoll-exclusive-2x64", 5, Pooled,   "--processes 2 --threads 64 --strategy epoll-exclusive", "", "one epoll per worker, EPOLLEXCLUSIVE"),
        new("pooled-epoll-exclusive-7x64", 5, Pooled,   "--processes 7 --threads 64 --strategy epoll-exclusive", "", "one epoll per worker, EPOLLEXCLUSIVE"),
        new("pooled-epoll-exclusive-2x8",  5, Pooled,   "--processes 2 --threads 8 --strategy epoll-exclusive",  "", "one epoll per worker, EPOLLEXCLUSIVE"),
        // SO_REUSEPORT (issue 15): a listening socket per worker; the kernel hashes each connection to one of them.
        new("pooled-reuseport-2x64",     5, Pooled,     "--processes 2 --threads 64 --strategy reuseport",     "", "a listening socket per worker, SO_REUSEPORT"),
        new("pooled-reuseport-2x8",      5, Pooled,     "--processes 2 --threads 8 --strategy reuseport",      "", "a listening socket per worker, SO_REUSEPORT"),
        // The event form (issue 13): connections wait in each worker's epoll poller until their head has arrived.
        // Against the hand-off rows above, the difference per request is the cost of parking (CPU per request).
        new("pooled-event-2x64",         5, Pooled,     "--processes 2 --threads 64 --strategy handoff --connections event", "", "the hand-off, connections parked until their head is in") { InKeepAlivePass = true },
        new("pooled-event-shared-accept-2x64", 5, Pooled, "--processes 2 --threads 64 --strategy shared-accept --connections event", "", "one acceptor per worker, connections parked"),
        new("pooled-event-2x64-deferred", 5, Pooled,    "--processes 2 --threads 64 --strategy handoff --connections event --defer-accept 1", "", "the event form with TCP_DEFER_ACCEPT"),
        new("pooled-event-2x8",          5, Pooled,     "--processes 2 --threads 8 --strategy handoff --connections event", "", "the event form, a small pool"),
        new("pooled-handoff-2x64-aot",   5, Pooled,     "--processes 2 --threads 64 --strategy handoff",       "30.11", "the hand-off, every process a NativeAOT binary") { InKeepAlivePass = true, NativeAot = true },
        new("kestrel",                   0, Kestrel,    "",                                                    "",      "ASP.NET Core Kestrel, the reference") { InKeepAlivePass = true },
        // The ASP.NET Core sample, the same app on the pool (UsePooledProcesses) and on Kestrel: its plain-text and
        // JSON endpoints, TechEmpower's two simplest tests. Its answers are checked for 2xx and exactly this body.
        new("aspnetcore-pool-2x64-text", 5, AspNetCore, OnPool,    "", "the ASP.NET Core sample's GET / on the pool") { Path = "/", ExpectedBody = PlainText, InKeepAlivePass = true },
        new("aspnetcore-pool-2x64-json", 5, AspNetCore, OnPool,    "", "the ASP.NET Core sample's GET /json on the pool") { Path = "/json", ExpectedBody = Json, InKeepAlivePass = true },
        new("aspnetcore-kestrel-text",   5, AspNetCore, OnKestrel, "", "the same GET / on Kestrel") { Path = "/", ExpectedBody = PlainText, InKeepAlivePass = true },
        new("aspnetcore-kestrel-json",   5, AspNetCore, OnKestrel, "", "the same GET /json on Kestrel") { Path = "/json", ExpectedBody = Json, InKeepAlivePass = true },
        new("kestrel-min-threads-128",   0, Kestrel,    "",                                                    "",      "Kestrel, 128 thread-pool threads from the start") { InKeepAlivePass = true, Environment = Settings(("DOTNET_ThreadPool_ForceMinWorkerThreads", "0x80")) },
        // The pool's workers run with a 4 MiB gen0 budget by default; the reference with the same, for the memory goal.
        new("kestrel-gen0-4mb",          0, Kestrel,    "",                                                    "",      "Kestrel with the pool's 4 MiB gen0 budget") { Environment = Settings(("DOTNET_GCgen0size", "400000")) },

        // The workers' runtime settings, each against the hand-off 2 × 64 above (workstation, concurrent GC, tiered
        // JIT, and the pool's 4 MiB gen0 budget). Designs to measure on a quiet machine, not defaults chosen here;
        // DOTNET_GCgen0size=0 gives the workers the runtime's own budget back.
        new("pooled-handoff-2x64-server-gc",  5, Pooled, "--processes 2 --threads 64 --strategy handoff", "30.11", "the hand-off, server GC in every process") { Environment = Settings(("DOTNET_gcServer", "1")) },
        new("pooled-handoff-2x64-runtime-gen0", 5, Pooled, "--processes 2 --threads 64 --strategy handoff", "30.11", "the hand-off, the runtime's own gen0 budget instead of the pool's 4 MiB") { Environment = Settings(("DOTNET_GCgen0size", "0")) },
        new("pooled-handoff-2x64-no-tiering", 5, Pooled, "--processes 2 --threads 64 --strategy handoff", "30.11", "the hand-off, fully optimised JIT from the start") { Environment = Settings(("DOTNET_TieredCompilation", "0")) },
        new("pooled-handoff-2x64-no-pgo",     5, Pooled, "--processes 2 --threads 64 --strategy handoff", "30.11", "the hand-off, tiered JIT without dynamic PGO") { Environment = Settings(("DOTNET_TieredPGO", "0")) },
        new("pooled-handoff-2x64-heap-64mb",  5, Pooled, "--processes 2 --threads 64 --strategy handoff", "30.11", "the hand-off, a 64 MB GC heap limit per process") { Environment = Settings(("DOTNET_GCHeapHardLimit", "0x4000000")) },
    ];
    #endregion

    /// <summary>The name of the design every other is compared with in the report.</summary>
    public const string Reference = "kestrel";

    /// <summary>The seed's own baseline: ThreadingMixIn, a thread per connection.</summary>
    public const string ThreadPerConnection = "threading";

    private static Dictionary<string, string> Settings(params (string Name, string Value)[] settings) =>
        settings.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
}
