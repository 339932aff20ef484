using System.Globalization;

namespace PooledMixIn.Benchmark;

/// <summary>A command and its <c>--name value</c> options and <c>--flag</c>s, checked against what the command allows.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _flags;

    private CommandLine(string command, Dictionary<string, string> values, HashSet<string> flags)
    {
        Command = command;
        _values = values;
        _flags = flags;
    }

    public string Command { get; }

    /// <exception cref="ArgumentException">An option the command does not know, or one without its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (flagOptions.Contains(name))
            {
                flags.Add(name);
            }
            else if (valueOptions.Contains(name) && i + 1 < args.Count)
            {
                values[name] = args[++i];
            }
            else
            {
                throw new ArgumentException(valueOptions.Contains(name) ? $"--{name} needs a value." : $"Unknown argument '{args[i]}'.");
            }
        }

        return new CommandLine(args.Count > 0 ? args[0] : "", values, flags);
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Get(string name) => _values.GetValueOrDefault(name);

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

    /// <summary>A number above zero such as <c>1.5</c>, or <see langword="null"/> when the option is absent.</summary>
    public double? GetPositiveNumber(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a number above zero such as 1.5, not '{text}'.");
    }

    public TimeSpan GetDuration(string name, TimeSpan defaultValue) =>
        Get(name) is { } text
            ? ParseDuration(text) ?? throw new ArgumentException($"--{name} must be a duration such as 10s, 500ms or 2m, not '{text}'.")
            : defaultValue;

    /// <summary>Parses <c>500ms</c>, <c>10s</c>, <c>1.5s</c>, <c>2m</c>, or a bare number of seconds.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60)];
        var (number, scale) = units.Where(u => text.EndsWith(u.Suffix, StringComparison.Ordinal))
            .Select(u => (text[..^u.Suffix.Length], u.Seconds))
            .DefaultIfEmpty((text, 1))
            .First();
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * scale)
            : null;
    }
}
