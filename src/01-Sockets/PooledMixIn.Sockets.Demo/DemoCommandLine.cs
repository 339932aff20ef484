using System.Globalization;
using System.Net;

namespace PooledMixIn.Sockets.Demo;

/// <summary>
/// The command line every layer's demo shares: <c>--host</c> and <c>--port</c> (127.0.0.1:8888, as in the seed),
/// plus whatever options a layer adds. Later layers link this file rather than copy it.
/// </summary>
public sealed class DemoCommandLine
{
    private readonly Dictionary<string, string> _options;

    private DemoCommandLine(Dictionary<string, string> options) => _options = options;

    /// <summary>The address to listen on.</summary>
    public IPAddress Host => IPAddress.Parse(Get("host") ?? "127.0.0.1");

    /// <summary>The port to listen on; 0 lets the system choose.</summary>
    public int Port => GetInt("port", 8888, 0, 65535);

    /// <summary>Parses <c>--name value</c> pairs, allowing <c>host</c>, <c>port</c> and <paramref name="extraOptions"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, or an option without a value.</exception>
    public static DemoCommandLine Parse(IReadOnlyList<string> args, params string[] extraOptions)
    {
        var allowed = new HashSet<string>(["host", "port", .. extraOptions], StringComparer.Ordinal);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !allowed.Contains(name))
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'. Options: {string.Join(", ", allowed.Select(a => "--" + a))}.");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"--{name} needs a value.");
            }

            options[name] = args[++i];
        }

        return new DemoCommandLine(options);
    }

    /// <summary>The value of <c>--<paramref name="name"/></c>, or <see langword="null"/>.</summary>
    public string? Get(string name) => _options.GetValueOrDefault(name);

    /// <summary>The integer value of <c>--<paramref name="name"/></c>, checked against a range.</summary>
    /// <exception cref="ArgumentException">The value is not an integer in range.</exception>
    public int GetInt(string name, int defaultValue, int min, int max)
    {
        if (Get(name) is not { } text)
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be an integer from {min} to {max}, not '{text}'.");
    }
}
