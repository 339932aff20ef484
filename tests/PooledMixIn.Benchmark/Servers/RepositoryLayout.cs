namespace PooledMixIn.Benchmark.Servers;

/// <summary>
/// Finds the repository (the folder holding Tutorial.sln) and, in it, each demo's project and built dll, without
/// project references: the benchmark must run whichever layers exist today and pick up the rest when they land.
/// </summary>
internal sealed class RepositoryLayout
{
    public const string SolutionFile = "Tutorial.sln";

    internal RepositoryLayout(string root) => Root = root;

    public string Root { get; }

    /// <summary>The target framework folder name of the build output, the benchmark's own (e.g. net10.0).</summary>
    public static string TargetFramework
    {
        get
        {
            // ".NETCoreApp,Version=v10.0" -> "net10.0"
            var name = AppContext.TargetFrameworkName ?? ".NETCoreApp,Version=v10.0";
            return "net" + name[(name.LastIndexOf('v') + 1)..];
        }
    }

    /// <summary>Walks up from the benchmark's own folder, then from the working directory, to Tutorial.sln.</summary>
    public static RepositoryLayout Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return new RepositoryLayout(directory.FullName);
                }
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run the benchmark from the repository.");
    }

    /// <summary>The design's .csproj, or <see langword="null"/> when its layer has not been written yet.</summary>
    public string? FindProject(ServerDesign design)
    {
        IEnumerable<string> directories = [Root];
        foreach (var segment in design.ProjectDirectoryPattern.Split('/'))
        {
            directories = directories.SelectMany(d => Directory.Exists(d) ? Directory.EnumerateDirectories(d, segment) : []);
        }

        return directories
            .Select(d => Path.Combine(d, design.Project + ".csproj"))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Where the suite publishes the project as a NativeAOT executable: beside the build output, in a folder of its
    /// own, so that the JIT build and the native one are measured side by side.
    /// </summary>
    public static string NativeExecutablePath(string projectFile, string configuration) =>
        Path.Combine(Path.GetDirectoryName(projectFile)!, "bin", configuration, "native", Path.GetFileNameWithoutExtension(projectFile));

    /// <summary>Where <c>dotnet build -c <paramref name="configuration"/></c> puts the project's dll.</summary>
    public static string AssemblyPath(string projectFile, string configuration) =>
        Path.Combine(
            Path.GetDirectoryName(projectFile)!,
            "bin",
            configuration,
            TargetFramework,
            Path.GetFileNameWithoutExtension(projectFile) + ".dll");
}
