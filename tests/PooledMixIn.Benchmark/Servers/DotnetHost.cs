using System.Runtime.InteropServices;

namespace PooledMixIn.Benchmark.Servers;

/// <summary>The <c>dotnet</c> executable, found the way the SDK finds it, and bounded builds of a demo project.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    /// <summary>Runs <c>dotnet build -c <paramref name="configuration"/></c> on one project; returns whether it built and its output.</summary>
    public static Task<(bool Built, string Output)> BuildAsync(string projectFile, string configuration, CancellationToken cancellation) =>
        RunAsync(["build", projectFile, "-c", configuration], TimeSpan.FromMinutes(5), cancellation);

    /// <summary>
    /// Runs <c>dotnet publish -c <paramref name="configuration"/> -p:PublishAot=true -o <paramref name="outputDirectory"/></c>:
    /// the project as one native executable. The ahead-of-time compiler needs clang and zlib (see the README).
    /// </summary>
    public static Task<(bool Built, string Output)> PublishNativeAsync(string projectFile, string configuration, string outputDirectory, CancellationToken cancellation) =>
        RunAsync(["publish", projectFile, "-c", configuration, "-p:PublishAot=true", "-o", outputDirectory], TimeSpan.FromMinutes(15), cancellation);

    private static async Task<(bool Built, string Output)> RunAsync(string[] command, TimeSpan limit, CancellationToken cancellation)
    {
        var (exitCode, output) = await BoundedCommand.RunAsync(
            Path, [.. command, "--nologo", "-v", "quiet", "-clp:NoSummary;ErrorsOnly"], limit, cancellation);
        return (exitCode == 0, output);
    }

    private static string Find()
    {
        // The SDK sets DOTNET_HOST_PATH for what it starts; otherwise the host sits three folders above the runtime.
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var nextToRuntime = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(nextToRuntime) ? nextToRuntime : "dotnet";
    }
}
