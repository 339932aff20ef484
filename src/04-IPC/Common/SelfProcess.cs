// Compiled into the demo and the benchmark (linked from their .csproj files): both start themselves again as workers.
using System.Diagnostics;

namespace PooledMixIn.Ipc.Samples;

/// <summary>
/// .NET cannot fork, so a worker is this same program started again. This builds its start info,
/// whether the program runs from its apphost (<c>./PooledMixIn.Ipc.Demo</c>) or as
/// <c>dotnet PooledMixIn.Ipc.Demo.dll</c>, in which case the program to start again is the dll.
/// </summary>
internal static class SelfProcess
{
    internal static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program is running.");
        var startInfo = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            startInfo.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
