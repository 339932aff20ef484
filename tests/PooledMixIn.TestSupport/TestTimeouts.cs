namespace PooledMixIn.TestSupport;

/// <summary>
/// The bounds every test waits within. Generous, because CI runs on two busy cores; a test that needs them is
/// failing anyway, and a bound turns a hang into a readable failure.
/// </summary>
public static class TestTimeouts
{
    /// <summary>The longest any single wait in a test may take.</summary>
    public static readonly TimeSpan Operation = TimeSpan.FromSeconds(20);

    /// <summary>The poll interval test servers use, so a shutdown is noticed quickly.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
}
