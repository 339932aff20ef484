using System.Globalization;

namespace PooledMixIn.Benchmark.Servers;

/// <summary>One server design of the comparison: which demo to start, with which options, and what it is.</summary>
/// <param name="Name">The short name used in reports and by <c>--only</c>.</param>
/// <param name="Layer">The tutorial layer whose demo serves it; 0 for the Kestrel reference.</param>
/// <param name="Project">The demo project's (and assembly's) name.</param>
/// <param name="Options">The demo's own options, after <c>--host</c> and <c>--port</c>, as typed on a command line.</param>
/// <param name="Stevens">The matching section of Stevens' UNP vol. 1 ch. 30, if any.</param>
/// <param name="Description">What the design does, in a few words.</param>
internal sealed record ServerDesign(string Name, int Layer, string Project, string Options, string Stevens, string Description)
{
    /// <summary>The options as arguments (none holds a space).</summary>
    public IReadOnlyList<string> Arguments => Options.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether to load it for a fraction of the duration: creating a process per connection is that slow.</summary>
    public bool ShortRun { get; init; }

    /// <summary>Whether the default suite also measures it with keep-alive connections.</summary>
    public bool InKeepAlivePass { get; init; }

    /// <summary>Where its project lives, relative to the repository root; <c>*</c> matches a layer folder's name.</summary>
    public string ProjectDirectoryPattern => Layer == 0
        ? $"tests/{Project}"
        : $"src/{Layer.ToString("00", CultureInfo.InvariantCulture)}-*/{Project}";

    public string LayerLabel => Layer == 0 ? "ref" : Layer.ToString(CultureInfo.InvariantCulture);
}
