using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// Turns the app's address (<c>UseUrls</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c>) into the one endpoint the pool
/// binds. The pool shares one listening socket among all its processes, so it serves exactly one address, over plain
/// HTTP: TLS belongs to a proxy in front.
/// </summary>
internal static class ListenAddress
{
    /// <summary>Kestrel's address when none is configured.</summary>
    public const string Default = "http://localhost:5000";

    public static IPEndPoint Resolve(ICollection<string> addresses)
    {
        var configured = addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (configured.Count > 1)
        {
            throw new NotSupportedException(
                $"The pool listens on one address; {configured.Count} are configured ({string.Join(", ", configured)}).");
        }

        return Parse(configured.Count == 0 ? Default : configured[0]);
    }

    public static IPEndPoint Parse(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (binding.IsUnixPipe)
        {
            throw new NotSupportedException($"'{address}': the pool listens on TCP, not on a Unix socket.");
        }

        if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"'{address}': the pool speaks plain HTTP/1.1; terminate TLS in a proxy in front of it.");
        }

        if (binding.PathBase.Length > 0)
        {
            throw new NotSupportedException($"'{address}': a path base belongs in the app (UsePathBase), not in the address.");
        }

        return new IPEndPoint(HostAddress(binding.Host), binding.Port);
    }

    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip =>
            string.Create(CultureInfo.InvariantCulture, $"http://[{ip.Address}]:{ip.Port}"),
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"http://{ip.Address}:{ip.Port}"),
        _ => endPoint.ToString() ?? "",
    };

    private static IPAddress HostAddress(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback; // one socket: IPv4 loopback, where Kestrel would bind both loopbacks
        }

        if (host is "*" or "+")
        {
            return IPAddress.Any;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip)
            ? ip
            : throw new NotSupportedException($"'{host}' is a host name; the pool binds an IP address, 'localhost', '*' or '+'.");
    }
}
