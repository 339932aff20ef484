using System.Globalization;

namespace PooledMixIn.TestSupport;

/// <summary>
/// Which processes still hold a memfd, from /proc: by mapping it (<c>/proc/PID/maps</c>) or by an open descriptor
/// (<c>/proc/PID/fdinfo</c>). A memfd is known by its inode, which no other memfd shares, so scanning every process
/// finds only this one's holders even while other pools with the same name run on the machine.
/// </summary>
public static class MemfdHolders
{
    /// <summary>The inode of the memfd named <paramref name="name"/> that <paramref name="pid"/> maps, or null.</summary>
    public static long? MappedInode(int pid, string name)
    {
        foreach (var line in ReadLines($"/proc/{pid}/maps"))
        {
            // address perms offset dev inode pathname
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 6 && fields[5].StartsWith($"/memfd:{name}", StringComparison.Ordinal))
            {
                return long.Parse(fields[4], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Every process that maps the memfd <paramref name="inode"/> or has a descriptor open on it.</summary>
    public static IReadOnlyList<int> Of(long inode)
    {
        var inodeText = inode.ToString(CultureInfo.InvariantCulture);
        var holders = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var maps = ReadLines($"{directory}/maps").Any(line =>
                line.Contains("/memfd:", StringComparison.Ordinal) &&
                line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries) is { Length: 6 } f && f[4] == inodeText);
            if (maps || HasDescriptorOn(directory, inodeText))
            {
                holders.Add(pid);
            }
        }

        return holders;
    }

    private static bool HasDescriptorOn(string process, string inode)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"{process}/fd"))
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("/memfd:", StringComparison.Ordinal) == true &&
                    ReadLines($"{process}/fdinfo/{Path.GetFileName(fd)}").Contains($"ino:\t{inode}"))
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended, or is not ours to read.
        }

        return false;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
