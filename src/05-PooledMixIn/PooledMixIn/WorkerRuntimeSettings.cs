namespace PooledMixIn;

/// <summary>
/// The runtime settings the pool gives its workers unless the operator has set them: each worker is a whole .NET
/// runtime, so a setting sized for one process per machine is paid once per worker.
/// </summary>
internal static class WorkerRuntimeSettings
{
    /// <summary>The variable that sets the GC's gen0 budget, in bytes, written in hexadecimal.</summary>
    public const string Gen0BudgetVariable = "DOTNET_GCgen0size";

    /// <summary>
    /// 4 MiB, in hexadecimal without the <c>0x</c> prefix: CoreCLR reads the value as hexadecimal with or without it,
    /// NativeAOT only without (with it, NativeAOT ignores the setting).
    /// </summary>
    public const string Gen0Budget = "400000";

    /// <summary>
    /// Adds the gen0 budget to <paramref name="workerEnvironment"/> unless this process's environment already sets it
    /// (under the <c>DOTNET_</c> or the older <c>COMPlus_</c> prefix), which the workers then inherit as it is.
    /// </summary>
    public static void AddDefaults(IDictionary<string, string?> workerEnvironment)
    {
        if (Environment.GetEnvironmentVariable(Gen0BudgetVariable) is null
            && Environment.GetEnvironmentVariable("COMPlus_GCgen0size") is null)
        {
            workerEnvironment[Gen0BudgetVariable] = Gen0Budget;
        }
    }
}
