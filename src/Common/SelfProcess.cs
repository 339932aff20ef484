using System.Diagnostics;

/// <summary>
/// .NET cannot fork, so a worker is this same program started again (Python multiprocessing's "spawn"). This builds
/// its start info, whether the program runs from its app host (<c>./PooledMixIn.Demo</c>) or as
/// <c>dotnet PooledMixIn.Demo.dll</c>, in which case the host starts the entry assembly again. Linked into every
/// project that starts itself again (src/Common), so it is written once.
/// </summary>
internal static class SelfProcess
{
    /// <summary>The start info of this program with <paramref name="arguments"/>, without a shell.</summary>
    /// <exception cref="InvalidOperationException">The running program's path is unknown.</exception>
    internal static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var processPath = Environment.ProcessPath
            ?? throw new InvalidOperationException("The path of the current executable is unknown; cannot start workers.");
        var startInfo = new ProcessStartInfo(processPath) { UseShellExecute = false };
        // Under 'dotnet app.dll' the runtime reports the entry assembly's path as the first command-line argument
        // (Assembly.Location would say the same, but is empty in a single-file or NativeAOT app, and the analyzers
        // for those flag it). A NativeAOT app is its own executable: ProcessPath is the native binary, re-executed.
        if (string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.Ordinal))
        {
            var entry = Environment.GetCommandLineArgs().FirstOrDefault();
            if (string.IsNullOrEmpty(entry) || !File.Exists(entry))
            {
                throw new InvalidOperationException("The entry assembly's path is unknown; cannot start workers under 'dotnet'.");
            }

            startInfo.ArgumentList.Add(entry);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
