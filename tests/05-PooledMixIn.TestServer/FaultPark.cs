using PooledMixIn;

/// <summary>
/// Stops one pool thread for ever at a chosen step of a connection's way through the pool, so that a test can kill
/// its worker with <c>kill -9</c> while the thread is provably there. The test arms it by creating a file; the first
/// thread anywhere in the pool to reach the step claims the file by renaming it (an atomic step that only one
/// process can win), prints <c>parked step=S pid=P</c> and blocks. Steps: <c>token-taken</c> and
/// <c>before-ack</c> (the hand-off's, through <see cref="HandoffFaults"/>), <c>mid-request</c> (the request read,
/// nothing answered) and <c>mid-response</c> (the head and half the body sent).
/// </summary>
internal static class FaultPark
{
    public const string MidRequest = "mid-request";
    public const string MidResponse = "mid-response";

    private static string? s_step;
    private static string? s_armFile;

    /// <summary>In a worker: parks at <paramref name="step"/> once <paramref name="armFile"/> exists.</summary>
    public static void Arm(string step, string armFile)
    {
        (s_step, s_armFile) = (step, armFile);
        var handoffStep = step switch
        {
            "token-taken" => HandoffStep.TokenTaken,
            "before-ack" => HandoffStep.BeforeAcknowledgement,
            MidRequest or MidResponse => (HandoffStep?)null,
            _ => throw new ArgumentException($"Unknown step '{step}'.", nameof(step)),
        };
        if (handoffStep is { } target)
        {
            HandoffFaults.Reached = reached =>
            {
                if (reached == target)
                {
                    ParkIfArmed(step);
                }
            };
        }
    }

    /// <summary>Parks the calling thread for ever if <paramref name="step"/> is armed and no thread claimed it yet.</summary>
    public static void ParkIfArmed(string step)
    {
        if (TryClaim(step))
        {
            Park(step);
        }
    }

    /// <summary>Whether the calling thread is the one to park at <paramref name="step"/>: armed, and claimed now.</summary>
    public static bool TryClaim(string step)
    {
        if (step != s_step || s_armFile is not { } armFile)
        {
            return false;
        }

        try
        {
            File.Move(armFile, armFile + ".claimed");
            return true;
        }
        catch (IOException)
        {
            return false; // not armed yet, or another thread (in any worker) claimed it
        }
    }

    /// <summary>Announces the step reached and blocks the calling thread for ever.</summary>
    public static void Park(string step)
    {
        Console.WriteLine($"parked step={step} pid={Environment.ProcessId}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite); // sync-ok: the fault itself; the test kills this process here
    }
}
