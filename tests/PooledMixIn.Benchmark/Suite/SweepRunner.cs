using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>
/// Runs the suite once per value of a sweep's axis, new connection per request, with every other setting fixed:
/// at each point the designs are measured in the suite's interleaved rounds, so every point of every line has its
/// median and its range. The demos are built once, before the first point.
/// </summary>
internal sealed class SweepRunner(SweepAxis axis, IReadOnlyList<int> values, SuiteSettings settings, RepositoryLayout layout, TextWriter log)
{
    public async Task<SweepReport> RunAsync(CancellationToken cancellation)
    {
        var names = settings.Only.Count > 0 ? settings.Only : axis.DefaultDesigns().ToHashSet(StringComparer.Ordinal);
        var designs = DesignCatalogue.All.Where(d => names.Contains(d.Name)).ToList();
        var points = new List<SweepPoint>();
        var build = settings.Build;
        foreach (var value in values)
        {
            log.WriteLine($"== {axis.Label()}: {value}");
            var pointSettings = axis.Settings(settings, value) with { Passes = [SuitePass.NewConnection], Build = build };
            var report = await new SuiteRunner(pointSettings, layout, log).RunAsync([.. designs.Select(d => axis.Design(d, value))], cancellation);
            points.Add(new SweepPoint(value, report));
            build = false;
        }

        return new SweepReport(axis, points);
    }
}
