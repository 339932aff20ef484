namespace PooledMixIn.Benchmark.Suite;

/// <summary>Everything that decides a suite run; the same client settings apply to every design.</summary>
internal sealed record SuiteSettings
{
    public int Clients { get; init; } = 100;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times every design is measured (interleaved); the median round is reported.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>
    /// The passes to run: new connections for every design, keep-alive for the designs marked for it, then the slow
    /// handler for every design.
    /// </summary>
    public IReadOnlyList<SuitePass> Passes { get; init; } = [SuitePass.NewConnection, SuitePass.KeepAlive, SuitePass.SlowHandler];

    /// <summary>How long the slow handler blocks its thread: <c>GET /sleep/&lt;ms&gt;</c>.</summary>
    public int SleepMilliseconds { get; init; } = DefaultSleepMilliseconds;

    /// <summary>10 ms, as a synchronous database call might.</summary>
    public const int DefaultSleepMilliseconds = 10;

    /// <summary>Whether the keep-alive pass covers every design rather than the catalogue's subset.</summary>
    public bool KeepAliveForAll { get; init; }

    /// <summary>Design names to run; empty means all.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>Whether wrk loads every design too, after the project's client (never in the smoke run unless asked).</summary>
    public bool Wrk { get; init; } = true;

    /// <summary>
    /// When set, the run waits after its builds until the 1-minute load average is below this, for at most
    /// <see cref="QuietWait"/>.
    /// </summary>
    public double? QuietBelow { get; init; }

    /// <summary>The bound on the wait for a quiet machine.</summary>
    public TimeSpan QuietWait { get; init; } = TimeSpan.FromMinutes(10);

    public string Configuration { get; init; } = "Release";

    public bool Build { get; init; } = true;

    /// <summary>Smoke mode: short, few clients, and any error or wrong body fails the run.</summary>
    public bool Quick { get; init; }

    public string? OutputDirectory { get; init; }

    /// <summary>Whether to also write the tutorial's include, docs/includes/benchmark-results.md.</summary>
    public bool WriteDocs { get; init; }

    /// <summary>The smoke run's settings: a few seconds per server, enough to prove every answer right.</summary>
    public static SuiteSettings QuickDefaults { get; } = new()
    {
        Quick = true,
        Wrk = false,
        Clients = 8,
        Duration = TimeSpan.FromSeconds(2),
        Warmup = TimeSpan.FromSeconds(0.5),
    };

    /// <summary>
    /// Whether the run measures the design: those <c>--only</c> names, or else all, except that the smoke run skips
    /// the designs that differ from another only by runtime settings (the same code answers).
    /// </summary>
    public bool Includes(Servers.ServerDesign design) =>
        Only.Count > 0 ? Only.Contains(design.Name) : !(Quick && design.RuntimeVariant);

    /// <summary>A design that creates a process per connection is loaded for a fifth of the time (at least 1 s).</summary>
    public TimeSpan DurationFor(Servers.ServerDesign design) =>
        design.ShortRun ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, Duration.Ticks / 5)) : Duration;

    public TimeSpan WarmupFor(Servers.ServerDesign design) =>
        design.ShortRun ? TimeSpan.FromTicks(Math.Min(Warmup.Ticks, TimeSpan.TicksPerSecond / 2)) : Warmup;
}
