using System.Globalization;
using System.Reflection;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Ipc.Tests;

/// <summary>
/// Starts the helper program as a child that inherits a region's descriptor: the same mechanism a
/// server uses to hand its coordination region to workers.
/// </summary>
internal static class IpcChild
{
    private static readonly Lazy<string> s_assemblyPath = new(FindAssembly);

    /// <summary>
    /// Starts <c>Child &lt;command&gt; &lt;fd&gt; &lt;arguments&gt;</c> with the region's fd inheritable, waits for
    /// its "ready &lt;pid&gt;" line and checks that it really is another process.
    /// </summary>
    internal static ChildProcess Start(SharedMemoryRegion region, string command, params object[] arguments)
    {
        var commandLine = new List<string> { command, region.FileHandle.FileDescriptor.ToString(CultureInfo.InvariantCulture) };
        commandLine.AddRange(arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!));

        ChildProcess child;
        using (region.AllowInheritance())
        {
            child = ChildProcess.StartDotnet(s_assemblyPath.Value, commandLine);
        }

        try
        {
            string ready = child.WaitForLine(line => line.StartsWith("ready ", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
            int pid = int.Parse(ready["ready ".Length..], CultureInfo.InvariantCulture);
            pid.Should().Be(child.Id).And.NotBe(Environment.ProcessId, "the helper must be a distinct process");
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private static string FindAssembly()
    {
        string path = ServerProcess.HelperPath(typeof(IpcChild).Assembly, "ChildAssemblyPath");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The helper program was not built at '{path}'. Build tests/04-IPC.Tests (it builds the helper too).");
        }

        return path;
    }
}
