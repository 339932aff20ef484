using System.ComponentModel;
using System.Globalization;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>
/// Runs the comparison: for each pass and each design, one after another, start the server fresh, wait for its
/// first good answer, warm it up, load it with the same client settings as every other, measure it, stop it.
/// </summary>
internal sealed class SuiteRunner(SuiteSettings settings, RepositoryLayout layout, TextWriter log)
{
    /// <summary>Runs every design of the catalogue the settings include.</summary>
    public Task<SuiteReport> RunAsync(CancellationToken cancellation) =>
        RunAsync([.. DesignCatalogue.All.Where(settings.Includes)], cancellation);

    /// <summary>Runs the given designs (a sweep's, made from the catalogue's), in that order.</summary>
    public async Task<SuiteReport> RunAsync(IReadOnlyList<ServerDesign> designs, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var artifacts = await PrepareAsync(designs, cancellation);
        var wrk = settings.Wrk ? await WrkClient.FindOrInstallAsync(log, cancellation) : null;
        if (settings.QuietBelow is { } threshold)
        {
            await QuietMachine.OfThisMachine(threshold, settings.QuietWait).WaitAsync(log, cancellation);
        }

        // Read after the builds and the wait, so the load stated "at the start" is the load the first round met.
        var machine = MachineInfo.Collect() with { Revision = SourceRevision.Describe(layout.Root) };
        var results = new List<DesignResult>();
        foreach (var mode in settings.Passes)
        {
            var passDesigns = designs.Where(d => (!mode.KeepsAlive() || settings.KeepAliveForAll || d.InKeepAlivePass)
                && !(mode == SuitePass.SlowHandler && d.Path is not null)).ToList();
            var rounds = passDesigns.ToDictionary(d => d, _ => new List<DesignResult>());

            // Rounds go over every design in turn, so a change in the machine's load falls on all of them alike.
            for (var round = 1; round <= settings.Rounds; round++)
            {
                if (passDesigns.Count > 0)
                {
                    log.WriteLine($"-- {mode.Describe(settings.SleepMilliseconds)}: {settings.Clients} clients" + (settings.Rounds > 1 ? $", round {round} of {settings.Rounds}" : ""));
                }

                foreach (var design in passDesigns)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var artifact = artifacts[design];
                    if (artifact.AssemblyPath is null && round > 1)
                    {
                        continue;
                    }

                    var result = artifact.AssemblyPath is null
                        ? new DesignResult(design, mode, artifact.Status, artifact.Note)
                        : await MeasureAsync(design, mode, artifact.AssemblyPath, wrk, cancellation);
                    log.WriteLine($"   {design.Name,-26} {Summarise(result)}");
                    rounds[design].Add(result);
                }
            }

            results.AddRange(passDesigns.Select(d => Median(rounds[d])));
        }

        return new SuiteReport(machine with { LoadAverageAtEnd = MachineInfo.ReadLoadAverage() }, settings, results, clock.Elapsed);
    }

    /// <summary>
    /// The round with the median throughput stands for the design, whole (its latency, CPU and memory belong
    /// together); every round's throughput is kept beside it. A round that failed stands for it instead: a failure
    /// is never averaged away.
    /// </summary>
    internal static DesignResult Median(IReadOnlyList<DesignResult> rounds)
    {
        if (rounds.FirstOrDefault(r => r.Status != DesignStatus.Measured || r.IsFailure) is { } failed)
        {
            return failed;
        }

        var ordered = rounds.OrderBy(r => r.Load!.RequestsPerSecond).ToList();
        return ordered[(ordered.Count - 1) / 2] with { RoundThroughputs = [.. rounds.Select(r => r.Load!.RequestsPerSecond)] };
    }

    private async Task<Dictionary<ServerDesign, DesignArtifact>> PrepareAsync(IReadOnlyList<ServerDesign> designs, CancellationToken cancellation)
    {
        var byBuild = new Dictionary<(string Project, bool NativeAot), DesignArtifact>();
        var artifacts = new Dictionary<ServerDesign, DesignArtifact>();
        foreach (var design in designs)
        {
            if (!byBuild.TryGetValue((design.Project, design.NativeAot), out var artifact))
            {
                artifact = await PrepareProjectAsync(design, cancellation);
                byBuild.Add((design.Project, design.NativeAot), artifact);
            }

            artifacts.Add(design, artifact);
        }

        return artifacts;
    }

    private async Task<DesignArtifact> PrepareProjectAsync(ServerDesign design, CancellationToken cancellation)
    {
        var projectFile = layout.FindProject(design);
        if (projectFile is null)
        {
            return new DesignArtifact(null, DesignStatus.NotBuilt, $"no project {design.ProjectDirectoryPattern} yet");
        }

        var assembly = design.NativeAot
            ? RepositoryLayout.NativeExecutablePath(projectFile, settings.Configuration)
            : RepositoryLayout.AssemblyPath(projectFile, settings.Configuration);
        if (settings.Build)
        {
            log.WriteLine($"{(design.NativeAot ? "publishing with NativeAOT" : "building")} {Path.GetRelativePath(layout.Root, projectFile)} ({settings.Configuration})");
            Task<(bool Built, string Output)> Build() => design.NativeAot
                ? DotnetHost.PublishNativeAsync(projectFile, settings.Configuration, Path.GetDirectoryName(assembly)!, cancellation)
                : DotnetHost.BuildAsync(projectFile, settings.Configuration, cancellation);
            var (built, output) = await Build();
            if (!built)
            {
                // On a shared machine another build may be writing the same bin/obj folders at this moment (MSB3030,
                // MSB3027): one more try tells that apart from code that does not compile.
                log.WriteLine($"build failed, trying once more: {BuildErrors(output)}");
                (built, output) = await Build();
            }

            if (!built)
            {
                return new DesignArtifact(null, DesignStatus.Failed, "build failed: " + BuildErrors(output));
            }
        }

        return File.Exists(assembly)
            ? DesignArtifact.Ready(assembly)
            : new DesignArtifact(null, DesignStatus.NotBuilt, $"{Path.GetRelativePath(layout.Root, assembly)} missing (build it, or drop --no-build)");
    }

    #region suite-measure
    private async Task<DesignResult> MeasureAsync(
        ServerDesign design, SuitePass mode, string assembly, string? wrk, CancellationToken cancellation)
    {
        ServerProcess server;
        try
        {
            server = await ServerProcess.StartAsync(assembly, design.Arguments, design.Environment, (design.Path ?? "/bench", design.ExpectedBody), cancellation);
        }
        catch (Exception exception)
            when (exception is TimeoutException or InvalidOperationException or Win32Exception)
        {
            return new DesignResult(design, mode, DesignStatus.Failed, "did not start: " + exception.Message);
        }

        using (server)
        {
            // The same client settings for every design; only the duration differs, for a process per connection.
            LoadSettings Load(TimeSpan duration) => new(
                server.EndPoint, design.Path ?? mode.RequestPath(settings.SleepMilliseconds), settings.Clients, duration, null, mode.KeepsAlive(), settings.Timeout)
            {
                ExpectedBody = design.ExpectedBody,
            };

            var warmup = settings.WarmupFor(design) > TimeSpan.Zero
                ? await LoadGenerator.RunAsync(Load(settings.WarmupFor(design)), cancellation)
                : null;

            if (server.HasExited)
            {
                // Loading a dead port would only count refused connections: say what happened instead.
                return ExitedEarly(design, mode, await server.StopAsync(), warmup);
            }

            // The measured window: the server's CPU over exactly the load, its memory peak over its whole life.
            var cpuBefore = ProcessTree.CpuTime(ProcessTree.Snapshot(server.Id));
            var load = await LoadGenerator.RunAsync(Load(settings.DurationFor(design)), cancellation);
            var tree = ProcessTree.Snapshot(server.Id);
            var cpu = ProcessTree.CpuTime(tree) - cpuBefore;
            var proportional = ProcessTree.ProportionalBytes(tree);
            var peakResident = server.Sampler.PeakResidentBytes;
            var peakProcesses = server.Sampler.PeakProcessCount;

            // wrk next, on the same warm server, so its figures and the client's compare like for like.
            var (wrkResult, wrkOutput) = wrk is null || server.HasExited
                ? (null, "")
                : await WrkClient.RunAsync(wrk, Load(settings.DurationFor(design)), cancellation);

            var stop = await server.StopAsync();
            var warmupErrors = warmup?.TotalErrors ?? 0;
            var note = warmupErrors > 0 ? $"{warmupErrors} errors in warm-up" : "";
            return new DesignResult(design, mode, DesignStatus.Measured, note)
            {
                Load = load,
                WarmupErrors = warmupErrors,
                ServerCpu = cpu,
                Wrk = wrkResult,
                WrkNote = wrk is not null && wrkResult is null ? FirstLine(wrkOutput) : "",
                PeakResidentBytes = peakResident,
                PeakProcessCount = peakProcesses,
                ProportionalBytes = proportional,
                StartupTime = server.StartupTime,
                Stop = stop,
            };
        }
    }
    #endregion

    private static DesignResult ExitedEarly(ServerDesign design, SuitePass mode, StopOutcome ended, LoadResult? warmup) =>
        new(design, mode, DesignStatus.Failed, string.Create(
            CultureInfo.InvariantCulture,
            $"exited during the warm-up (exit code {ended.ExitCode}) after {warmup?.GoodResponses} good answers and {warmup?.TotalErrors} errors: {string.Join(" / ", warmup?.ErrorSamples ?? [])}"));

    private static string Summarise(DesignResult result)
    {
        if (result.Load is not { } load)
        {
            return $"{result.Status}: {result.Note}";
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{load.RequestsPerSecond,9:F0} req/s  p99 {load.Latency.ValueAtPercentile(99) / 1000.0,7:F1} ms  errors {load.TotalErrors}  stop {result.Stop}");
        return load.ErrorSamples.Count > 0 ? text + Environment.NewLine + "      first error: " + load.ErrorSamples[0] : text;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";

    /// <summary>The build's first distinct errors, without the paths that make them unreadable in a table.</summary>
    internal static string BuildErrors(string output)
    {
        var errors = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains("error ", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("error ", StringComparison.Ordinal))..])
            .Select(line => line.Contains(" [/", StringComparison.Ordinal) ? line[..line.LastIndexOf(" [/", StringComparison.Ordinal)] : line)
            .Distinct(StringComparer.Ordinal)
            .Take(2)
            .ToList();
        return errors.Count > 0 ? string.Join(" | ", errors) : "no error text (see dotnet build's output)";
    }
}
