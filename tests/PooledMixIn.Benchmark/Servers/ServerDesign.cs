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

    /// <summary>
    /// The path its requests ask for, for an app rather than a demo (the ASP.NET Core sample's <c>/</c> or <c>/json</c>);
    /// <see langword="null"/>: the pass's own (<c>/bench</c>, or <c>/sleep/N</c> in the slow-handler pass, which a
    /// design with a path of its own sits out).
    /// </summary>
    public string? Path { get; init; }

    /// <summary>The body of a good answer to <see cref="Path"/>; <see langword="null"/>: the demo line.</summary>
    public string? ExpectedBody { get; init; }

    /// <summary>Whether the default suite also measures it with keep-alive connections.</summary>
    public bool InKeepAlivePass { get; init; }

    /// <summary>
    /// Whether it runs as a NativeAOT executable (<c>dotnet publish -p:PublishAot=true</c>) rather than as a dll on
    /// the JIT. A pre-forked pool re-executes that binary for every worker, so every process of it is native.
    /// </summary>
    public bool NativeAot { get; init; }

    /// <summary>
    /// Runtime settings as <c>DOTNET_*</c> environment variables, for the server and, inherited, its workers. The
    /// runtime reads numeric ones as hexadecimal: <c>0x80</c> is 128.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether it differs from another design only by runtime settings: the smoke run (<c>--quick</c>), which proves
    /// answers right rather than measuring, skips it unless <c>--only</c> names it.
    /// </summary>
    public bool RuntimeVariant => Environment.Count > 0;

    /// <summary>The runtime settings as one <c>NAME=value NAME=value</c> phrase, for reports.</summary>
    public string EnvironmentText => string.Join(' ', Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));

    /// <summary>Where its project lives, relative to the repository root; <c>*</c> matches a layer folder's name.</summary>
    public string ProjectDirectoryPattern => Layer == 0
        ? $"tests/{Project}"
        : $"src/{Layer.ToString("00", CultureInfo.InvariantCulture)}-*/{Project}";

    public string LayerLabel => Layer == 0 ? "ref" : Layer.ToString(CultureInfo.InvariantCulture);
}
