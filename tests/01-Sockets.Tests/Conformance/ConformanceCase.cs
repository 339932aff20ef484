using System.Text;

namespace PooledMixIn.Sockets.Tests.Conformance;

/// <summary>How strongly the RFC asks for the behaviour a case checks.</summary>
public enum RequirementLevel
{
    Must,
    Should,
    May,
}

/// <summary>
/// One raw-TCP check of one RFC 9112/9110 requirement: the bytes a client sends (in parts, when the second part
/// must wait for an interim response), and what a conforming server's responses and connection must show.
/// </summary>
public sealed record ConformanceCase(
    string Id,
    string Section,
    RequirementLevel Level,
    string Requirement,
    IReadOnlyList<byte[]> Parts,
    Func<ProbeResult, bool> Passes)
{
    /// <summary>How many final (non-1xx) responses to read, at most.</summary>
    public int ExpectedResponses { get; init; } = 1;

    /// <summary>Whether to wait, after the responses, to see if the server closes the connection.</summary>
    public bool CheckClose { get; init; }

    /// <summary>Whether each part after the first waits for an interim (or final) response.</summary>
    public bool AwaitInterimBetweenParts { get; init; }

    /// <summary>The method of each request in order, so a response to HEAD is read without a body.</summary>
    public IReadOnlyList<string> ResponseMethods { get; init; } = [];

    public static IReadOnlyList<byte[]> Bytes(params string[] parts) => [.. parts.Select(Encoding.Latin1.GetBytes)];

    public override string ToString() => Id;
}
