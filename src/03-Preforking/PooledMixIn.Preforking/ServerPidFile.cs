using System.Globalization;

namespace PooledMixIn.Preforking;

/// <summary>
/// The server process's pid in a file, so an operator (or a service manager) can find it to signal it, with nginx's
/// convention for an upgrade: the old server renames its file to <c>PATH.oldbin</c>, the new one writes <c>PATH</c>
/// once it serves, and each removes only the file that still names it.
/// </summary>
internal sealed class ServerPidFile(string path)
{
    public const string OldBinarySuffix = ".oldbin";

    public string Path { get; } = path;

    public string OldBinaryPath => Path + OldBinarySuffix;

    /// <summary>Writes this process's pid to <see cref="Path"/>, atomically: a reader sees the old file or the new one.</summary>
    public void Write()
    {
        var temporary = $"{Path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Moves <see cref="Path"/> to <see cref="OldBinaryPath"/> if it names this process: an upgrade begins.</summary>
    public void MoveToOldBinary() => MoveIfOurs(Path, OldBinaryPath);

    /// <summary>Moves <see cref="OldBinaryPath"/> back to <see cref="Path"/>: the new server is gone, this one stays.</summary>
    public void RestoreFromOldBinary() => MoveIfOurs(OldBinaryPath, Path);

    /// <summary>Deletes whichever of the two files still names this process.</summary>
    public void Delete()
    {
        foreach (var candidate in (ReadOnlySpan<string>)[Path, OldBinaryPath])
        {
            if (NamesThisProcess(candidate))
            {
                File.Delete(candidate);
            }
        }
    }

    /// <summary>The pid a pid file holds, or <see langword="null"/> if it is missing or holds something else.</summary>
    public static int? Read(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool NamesThisProcess(string path) => Read(path) == Environment.ProcessId;

    private static void MoveIfOurs(string from, string to)
    {
        if (NamesThisProcess(from))
        {
            File.Move(from, to, overwrite: true);
        }
    }
}
