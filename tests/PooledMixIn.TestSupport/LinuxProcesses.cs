using System.Globalization;

namespace PooledMixIn.TestSupport;

/// <summary>What /proc says about processes: parent, state, children, open descriptors.</summary>
public static class LinuxProcesses
{
    /// <summary>Whether the process exists and is not a zombie (exited but not yet reaped).</summary>
    public static bool IsRunning(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>The parent pid, or <see langword="null"/> if the process is gone.</summary>
    public static int? ParentOf(int pid) => Stat(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>The one-letter state (R, S, Z, …), or <see langword="null"/> if the process is gone.</summary>
    public static char? State(int pid) => Stat(pid)?[0][0];

    /// <summary>The environment the process was started with (<c>/proc/PID/environ</c>), by name.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : "", StringComparer.Ordinal);

    /// <summary>The pids whose parent is <paramref name="pid"/>, zombies included.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate) &&
                ParentOf(candidate) == pid)
            {
                children.Add(candidate);
            }
        }

        return children;
    }

    /// <summary>The targets of the process's open descriptors (such as <c>socket:[1234]</c>), or empty if it is gone.</summary>
    public static IReadOnlyList<string> OpenDescriptors(int pid)
    {
        try
        {
            return [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget ?? "?")];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// The names of the process's threads (<c>/proc/pid/task/*/comm</c>: .NET writes a thread's name there, cut to 15
    /// bytes), or empty if it is gone.
    /// </summary>
    public static IReadOnlyList<string> ThreadNames(int pid)
    {
        var names = new List<string>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    names.Add(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The thread ended while the list was read.
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process is gone.
        }

        return names;
    }

    /// <summary>The fields of /proc/pid/stat after the command name: state first, then ppid, …</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");

            // The command name is in parentheses and may itself contain spaces or parentheses.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
