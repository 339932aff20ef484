namespace PooledMixIn.Preforking;

/// <summary>
/// The tiny protocol a worker speaks to its parent on its standard output, which the parent reads anyway to forward
/// the worker's output: one line when the worker is ready to serve, one when a handler asked the server to stop.
/// </summary>
internal static class ControlLines
{
    public const string Prefix = "#pooledmixin:";
    public const string Ready = Prefix + "ready";
    public const string ShutdownRequested = Prefix + "shutdown";

    public static void Send(string line) => Console.Out.WriteLine(line);
}
