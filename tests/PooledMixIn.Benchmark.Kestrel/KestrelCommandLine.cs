using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace PooledMixIn.Benchmark.Kestrel;

/// <summary>The demos' command line, <c>--host H --port P</c>, and nothing else.</summary>
internal static class KestrelCommandLine
{
    public static bool TryParse(string[] args, [NotNullWhen(true)] out IPAddress? host, out int port, [NotNullWhen(false)] out string? error)
    {
        host = IPAddress.Loopback;
        port = 8888;
        error = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--host" when value is not null && IPAddress.TryParse(value, out var parsed):
                    host = parsed;
                    break;
                case "--port" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535:
                    port = number;
                    break;
                default:
                    host = null;
                    error = $"Unknown or invalid argument '{args[i]}'. Options: --host ADDRESS, --port 0-65535.";
                    return false;
            }
        }

        return true;
    }
}
