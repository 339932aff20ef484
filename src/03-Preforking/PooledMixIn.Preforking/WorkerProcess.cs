namespace PooledMixIn.Preforking;

/// <summary>
/// Tells code whether it runs in the server process or in one of its worker processes.
/// </summary>
/// <remarks>
/// <para>
/// .NET cannot <c>fork()</c>: a worker is the same program started again (Python multiprocessing's "spawn"), with
/// the same arguments and a marker in its environment. So <b>everything your program does before the server is
/// created runs again in every worker</b>, and so does everything after <c>ServeForever</c> returns (it returns in
/// every process when the server stops). Use <see cref="IsWorker"/> to skip work that belongs to the parent only,
/// such as printing a banner or migrating a database.
/// </para>
/// <para>
/// The marker is read once and removed from the environment, so processes a worker starts are not workers.
/// </para>
/// </remarks>
public static class WorkerProcess
{
    private static readonly Lazy<WorkerMarker?> s_marker = new(ReadMarker);

    /// <summary>Whether this process is a worker of a process-based server.</summary>
    public static bool IsWorker => s_marker.Value is not null;

    /// <summary>This process's role.</summary>
    public static WorkerRole Role => s_marker.Value?.Role ?? WorkerRole.Parent;

    /// <summary>This worker's slot in its pool (0-based), or -1 in the parent.</summary>
    public static int Index => s_marker.Value?.Index ?? -1;

    internal static WorkerMarker? Marker => s_marker.Value;

    private static WorkerMarker? ReadMarker()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var marker = WorkerMarker.Parse(Environment.GetEnvironmentVariable(WorkerMarker.VariableName));
        Environment.SetEnvironmentVariable(WorkerMarker.VariableName, null);

        // Only the process the server started is its worker; a grandchild that inherited the variable is not.
        return marker is not null && marker.ParentProcessId == Interop.Libc.GetParentProcessId() ? marker : null;
    }
}
