using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using PooledMixIn.Benchmark.Goals;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Reports;
using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark;

/// <summary>
/// The commands: <c>suite</c> (start, load and measure every design), <c>sweep</c> (the same over one setting),
/// <c>goals</c> (judge a saved run against the project's performance goals), <c>load</c> (load one URL) and
/// <c>attack</c> (issue 13's slow-client attack on one running server).
/// </summary>
internal static class BenchmarkProgram
{
    private const string Usage = """
        usage:
          PooledMixIn.Benchmark suite [--quick] [--clients 100] [--duration 10s] [--warmup 2s] [--timeout 10s] [--rounds 1]
                                      [--keep-alive | --no-keep-alive | --slow-handler] [--sleep 10] [--wrk | --no-wrk]
                                      [--only name,name,...] [--quiet-below 1.5 [--quiet-wait 10m]]
                                      [--out DIR] [--docs]
                                      [--configuration Release] [--no-build] [--list]
          PooledMixIn.Benchmark sweep --over clients|threads [--values 1,10,100,1000] [--only name,name,...] [--rounds 3]
                                      [--clients 100] [--duration 10s] [--warmup 2s] [--timeout 10s] [--wrk]
                                      [--out DIR] [--docs] [--configuration Release] [--no-build]
          PooledMixIn.Benchmark goals --from benchmark-results/results.json [--docs]
          PooledMixIn.Benchmark load  --url http://127.0.0.1:PORT/bench [--clients 100] [--duration 10s | --requests N]
                                      [--keep-alive] [--timeout 10s]
          PooledMixIn.Benchmark attack --url http://127.0.0.1:PORT/ --idle N --slowloris N [--probes 5]
                                      [--probe-timeout 15s] [--end-wait 30s]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        // Ctrl+C or SIGTERM ends the load early; every server is still stopped on the way out.
        using var cancellation = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        try
        {
            return args.FirstOrDefault() switch
            {
                "suite" => await RunSuiteAsync(args, cancellation.Token),
                "sweep" => await RunSweepAsync(args, cancellation.Token),
                "goals" => await RunGoalsAsync(args, cancellation.Token),
                "load" => await RunLoadAsync(args, cancellation.Token),
                "attack" => await RunAttackAsync(args, cancellation.Token),
                "-h" or "--help" or "help" => PrintUsage(Console.Out, 0),
                _ => PrintUsage(Console.Error, 2),
            };
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return PrintUsage(Console.Error, 2);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            return 130;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
    }

    private static async Task<int> RunSuiteAsync(string[] args, CancellationToken cancellation)
    {
        var commandLine = CommandLine.Parse(
            args,
            ["clients", "duration", "warmup", "timeout", "rounds", "sleep", "only", "out", "configuration", "quiet-below", "quiet-wait"],
            ["quick", "keep-alive", "no-keep-alive", "slow-handler", "wrk", "no-wrk", "docs", "no-build", "list"]);
        if (commandLine.Has("list"))
        {
            ConsoleReport.WriteCatalogue(Console.Out);
            return 0;
        }

        var defaults = commandLine.Has("quick") ? SuiteSettings.QuickDefaults : new SuiteSettings();
        var only = (commandLine.Get("only") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = only.Where(name => DesignCatalogue.All.All(d => d.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown design(s): {string.Join(", ", unknown)}. See 'suite --list'.");
        }

        var layout = RepositoryLayout.Find();
        var settings = defaults with
        {
            Clients = commandLine.GetInt("clients", defaults.Clients, 1, 10_000),
            Duration = commandLine.GetDuration("duration", defaults.Duration),
            Warmup = commandLine.GetDuration("warmup", defaults.Warmup),
            Timeout = commandLine.GetDuration("timeout", defaults.Timeout),
            Rounds = commandLine.GetInt("rounds", defaults.Rounds, 1, 99),
            Passes = commandLine.Has("keep-alive") ? [SuitePass.KeepAlive]
                : commandLine.Has("no-keep-alive") ? [SuitePass.NewConnection]
                : commandLine.Has("slow-handler") ? [SuitePass.SlowHandler]
                : defaults.Passes,
            SleepMilliseconds = commandLine.GetInt("sleep", defaults.SleepMilliseconds, 0, 10_000),
            Wrk = commandLine.Has("wrk") || (defaults.Wrk && !commandLine.Has("no-wrk")),
            KeepAliveForAll = commandLine.Has("keep-alive"),
            Only = only,
            QuietBelow = commandLine.GetPositiveNumber("quiet-below"),
            QuietWait = commandLine.GetDuration("quiet-wait", defaults.QuietWait),
            Configuration = commandLine.Get("configuration") ?? defaults.Configuration,
            Build = !commandLine.Has("no-build"),
            OutputDirectory = commandLine.Get("out") ?? Path.Combine(layout.Root, "benchmark-results"),
            WriteDocs = commandLine.Has("docs"),
        };

        var report = await new SuiteRunner(settings, layout, Console.Out).RunAsync(cancellation);

        Console.WriteLine();
        ConsoleReport.Write(Console.Out, report);
        Directory.CreateDirectory(settings.OutputDirectory!);
        var chart = SvgChart.Render(report);
        var json = JsonReport.Render(report);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory!, "results.json"), json, cancellation);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory!, "results.md"), MarkdownReport.Render(report, "results.svg"), cancellation);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory!, "results.svg"), chart, cancellation);
        var costs = CostChart.Render(report);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory!, "costs.svg"), costs, cancellation);
        Console.WriteLine($"wrote {Path.Combine(settings.OutputDirectory!, "results.json")}, results.md, results.svg and costs.svg");
        if (settings.WriteDocs)
        {
            // The tutorial's include and its chart, from the same run: docs/includes/ and docs/images/.
            var include = Path.Combine(layout.Root, "docs", "includes", "benchmark-results.md");
            var image = Path.Combine(layout.Root, "docs", "images", "benchmark-results.svg");
            Directory.CreateDirectory(Path.GetDirectoryName(include)!);
            Directory.CreateDirectory(Path.GetDirectoryName(image)!);
            await File.WriteAllTextAsync(include, MarkdownReport.Render(report, "../images/benchmark-results.svg"), cancellation);
            await File.WriteAllTextAsync(image, chart, cancellation);
            await File.WriteAllTextAsync(Path.Combine(layout.Root, "docs", "images", "benchmark-costs.svg"), costs, cancellation);
            Console.WriteLine($"wrote {include}, {image} and benchmark-costs.svg");

            // Each chapter's Numbers section, from the same run, so that no chapter types a figure by hand.
            foreach (var chapter in ChapterNumbers.All)
            {
                var chapterInclude = Path.Combine(layout.Root, "docs", "includes", ChapterNumbersReport.FileName(chapter));
                await File.WriteAllTextAsync(chapterInclude, ChapterNumbersReport.Render(report, chapter), cancellation);
                Console.WriteLine($"wrote {chapterInclude}");
            }

            // The goals, judged from the results.json just written, as `goals --from` would judge it later.
            var goals = Path.Combine(layout.Root, "docs", "includes", GoalsReport.FileName);
            await File.WriteAllTextAsync(goals, GoalsReport.Render(SavedRun.Parse(json)), cancellation);
            Console.WriteLine($"wrote {goals}");
        }

        if (settings.Quick && report.HasFailures)
        {
            Console.Error.WriteLine("smoke run FAILED:");
            foreach (var reason in report.Results.Where(r => r.IsFailure).Select(ConsoleReport.FailureReason).Distinct(StringComparer.Ordinal))
            {
                Console.Error.WriteLine("  " + reason);
            }
            return 1;
        }

        // Outside smoke mode a failure is a result to read, but a design that could not run still fails the run.
        return report.Results.Any(r => r.Status == DesignStatus.Failed) ? 1 : 0;
    }

    private static async Task<int> RunSweepAsync(string[] args, CancellationToken cancellation)
    {
        var commandLine = CommandLine.Parse(
            args,
            ["over", "values", "only", "rounds", "clients", "duration", "warmup", "timeout", "out", "configuration"],
            ["wrk", "docs", "no-build"]);
        var axis = SweepAxes.Parse(commandLine.Get("over") ?? throw new ArgumentException("sweep needs --over clients or --over threads."));
        var values = commandLine.Get("values") is { } text
            ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v =>
                int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 10_000
                    ? value
                    : throw new ArgumentException($"--values must be positive integers up to 10000, not '{v}'."))]
            : axis.DefaultValues();
        var only = (commandLine.Get("only") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = only.Where(name => DesignCatalogue.All.All(d => d.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown design(s): {string.Join(", ", unknown)}. See 'suite --list'.");
        }

        var layout = RepositoryLayout.Find();
        var defaults = new SuiteSettings();
        var settings = defaults with
        {
            Clients = commandLine.GetInt("clients", defaults.Clients, 1, 10_000),
            Duration = commandLine.GetDuration("duration", defaults.Duration),
            Warmup = commandLine.GetDuration("warmup", defaults.Warmup),
            Timeout = commandLine.GetDuration("timeout", defaults.Timeout),
            Rounds = commandLine.GetInt("rounds", 3, 1, 99),
            Wrk = commandLine.Has("wrk"),
            Only = only,
            Configuration = commandLine.Get("configuration") ?? defaults.Configuration,
            Build = !commandLine.Has("no-build"),
            OutputDirectory = commandLine.Get("out") ?? Path.Combine(layout.Root, "benchmark-results"),
        };

        var sweep = await new SweepRunner(axis, values, settings, layout, Console.Out).RunAsync(cancellation);
        var name = "sweep-" + axis.Name();
        Directory.CreateDirectory(settings.OutputDirectory!);
        var chart = SweepChart.Render(sweep);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory!, name + ".md"), SweepMarkdown.Render(sweep, name + ".svg"), cancellation);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory!, name + ".svg"), chart, cancellation);
        Console.WriteLine(SweepMarkdown.Render(sweep));
        if (commandLine.Has("docs"))
        {
            var include = Path.Combine(layout.Root, "docs", "includes", name + ".md");
            var image = Path.Combine(layout.Root, "docs", "images", name + ".svg");
            await File.WriteAllTextAsync(include, SweepMarkdown.Render(sweep, $"../images/{name}.svg"), cancellation);
            await File.WriteAllTextAsync(image, chart, cancellation);
            Console.WriteLine($"wrote {include} and {image}");
        }

        return sweep.Points.SelectMany(p => p.Report.Results).Any(r => r.Status == DesignStatus.Failed) ? 1 : 0;
    }

    private static async Task<int> RunGoalsAsync(string[] args, CancellationToken cancellation)
    {
        var commandLine = CommandLine.Parse(args, ["from"], ["docs"]);
        var from = commandLine.Get("from") ?? throw new ArgumentException("goals needs --from PATH/results.json, a suite run's results.");
        if (!File.Exists(from))
        {
            throw new ArgumentException($"--from: no file '{from}'.");
        }

        SavedRun run;
        try
        {
            run = SavedRun.Parse(await File.ReadAllTextAsync(from, cancellation));
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"--from: '{from}' is not a suite's results.json ({exception.Message}).", exception);
        }

        var markdown = GoalsReport.Render(run);
        Console.Write(markdown);
        if (commandLine.Has("docs"))
        {
            var include = Path.Combine(RepositoryLayout.Find().Root, "docs", "includes", GoalsReport.FileName);
            await File.WriteAllTextAsync(include, markdown, cancellation);
            Console.WriteLine($"wrote {include}");
        }

        return 0;
    }

    private static async Task<int> RunLoadAsync(string[] args, CancellationToken cancellation)
    {
        var commandLine = CommandLine.Parse(args, ["url", "clients", "duration", "requests", "timeout"], ["keep-alive"]);
        var (server, uri) = LoopbackUrl(commandLine.Get("url") ?? throw new ArgumentException("load needs --url http://127.0.0.1:PORT/PATH."));

        var requests = commandLine.Get("requests") is { } text
            ? long.TryParse(text, out var count) && count > 0 ? count : throw new ArgumentException($"--requests must be a positive integer, not '{text}'.")
            : (long?)null;
        var settings = new LoadSettings(
            server,
            uri.PathAndQuery,
            commandLine.GetInt("clients", 100, 1, 10_000),
            requests is null || commandLine.Get("duration") is not null ? commandLine.GetDuration("duration", TimeSpan.FromSeconds(10)) : null,
            requests,
            commandLine.Has("keep-alive"),
            commandLine.GetDuration("timeout", TimeSpan.FromSeconds(10)));

        Console.WriteLine($"loading {settings.Url}: {settings.Clients} clients, {settings.ConnectionMode}, "
            + (settings.Duration is { } d ? $"{d.TotalSeconds:0.##} s" : $"{requests} requests"));
        var result = await LoadGenerator.RunAsync(settings, cancellation);
        ConsoleReport.WriteLoad(Console.Out, result);
        return 0;
    }

    private static async Task<int> RunAttackAsync(string[] args, CancellationToken cancellation)
    {
        var commandLine = CommandLine.Parse(args, ["url", "idle", "slowloris", "probes", "probe-timeout", "end-wait"], []);
        var (server, url) = LoopbackUrl(commandLine.Get("url") ?? throw new ArgumentException("attack needs --url http://127.0.0.1:PORT/."));
        var (idle, slowloris) = (commandLine.GetInt("idle", 0, 0, 10_000), commandLine.GetInt("slowloris", 0, 0, 10_000));
        Console.WriteLine($"attacking {server}: {idle} silent connections, {slowloris} slowloris, then new clients one at a time");
        await SlowClientAttack.RunAsync(server, idle, slowloris, commandLine.GetInt("probes", 5, 1, 100),
            commandLine.GetDuration("probe-timeout", TimeSpan.FromSeconds(15)), commandLine.GetDuration("end-wait", TimeSpan.FromSeconds(30)),
            url.AbsolutePath, Console.Out, cancellation);
        return 0;
    }

    /// <summary>
    /// The server an http:// URL names. These clients exist to load servers on this machine; they refuse to be
    /// pointed at anyone else's.
    /// </summary>
    private static (IPEndPoint Server, Uri Url) LoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            throw new ArgumentException($"--url must be an http:// URL, not '{url}'.");
        }

        var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.IdnHost, out var parsed) && IPAddress.IsLoopback(parsed)
                ? parsed
                : throw new ArgumentException($"--url must name a loopback address (127.0.0.1, localhost, [::1]), not '{uri.Host}'.");
        return (new IPEndPoint(address, uri.Port), uri);
    }

    private static int PrintUsage(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}
