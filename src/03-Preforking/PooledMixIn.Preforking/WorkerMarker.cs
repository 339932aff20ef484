using System.Globalization;

namespace PooledMixIn.Preforking;

/// <summary>
/// The marker that tells a process it is a worker, and of which server: an environment variable, so the program's
/// own arguments reach the worker unchanged. It names the parent's pid, and a process whose parent is someone else
/// (a grandchild that inherited the environment) ignores it.
/// </summary>
/// <param name="Role">The worker's role.</param>
/// <param name="Index">The worker's slot in the pool (0-based); for forked children, a running number.</param>
/// <param name="ServerOrdinal">Which process-based server of the program (in creation order) the worker belongs to.</param>
/// <param name="ParentProcessId">The pid of the server process that started the worker.</param>
/// <param name="ListeningFd">The inherited listening socket's descriptor.</param>
/// <param name="ConnectionFd">For a forked child, the inherited connection's descriptor; otherwise -1.</param>
/// <param name="ControlFd">The write end of the worker's control channel to its parent (see <see cref="ControlChannel"/>).</param>
/// <param name="ExtraFds">Further inherited descriptors a mix-in asked for, such as a shared memory region's.</param>
internal sealed record WorkerMarker(
    WorkerRole Role, int Index, int ServerOrdinal, int ParentProcessId, int ListeningFd, int ConnectionFd, int ControlFd,
    IReadOnlyList<int> ExtraFds)
{
    public const string VariableName = "POOLEDMIXIN_WORKER";

    public string Format() => string.Join(':',
        Role, Index.ToString(CultureInfo.InvariantCulture), ServerOrdinal.ToString(CultureInfo.InvariantCulture),
        ParentProcessId.ToString(CultureInfo.InvariantCulture), ListeningFd.ToString(CultureInfo.InvariantCulture),
        ConnectionFd.ToString(CultureInfo.InvariantCulture), ControlFd.ToString(CultureInfo.InvariantCulture), string.Join(',', ExtraFds.Select(fd => fd.ToString(CultureInfo.InvariantCulture))));

    public static WorkerMarker? Parse(string? text)
    {
        var parts = text?.Split(':');
        if (parts is not { Length: 8 } || !Enum.TryParse<WorkerRole>(parts[0], out var role) || role == WorkerRole.Parent)
        {
            return null;
        }

        var numbers = new int[6];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!int.TryParse(parts[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        var extra = new List<int>();
        foreach (var fd in parts[7].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(fd, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            extra.Add(number);
        }

        return new WorkerMarker(role, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], extra);
    }
}
