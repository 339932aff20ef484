namespace PooledMixIn.Sockets.Http;

/// <summary>
/// <c>Expect: 100-continue</c> (RFC 9110 §10.1.1): a client that sends it waits for an interim
/// <c>100 Continue</c> before it sends the body, so a server that means to read the body must say so first. curl
/// sends it for bodies over 1 MiB and waits a second for the answer when none comes.
/// </summary>
public static class HttpExpectContinue
{
    /// <summary>The interim response that tells the client to send its body.</summary>
    public static ReadOnlySpan<byte> InterimResponse => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    /// <summary>
    /// Whether the client waits for <see cref="InterimResponse"/>: an HTTP/1.1 request with a body and
    /// <c>Expect: 100-continue</c>. An HTTP/1.0 client cannot understand a 1xx answer, so it never gets one
    /// (§15.2); an expectation other than 100-continue is ignored, as Kestrel does (§10.1.1 allows 417 instead).
    /// </summary>
    /// <param name="head">The request's head.</param>
    /// <param name="framing">Its body's framing.</param>
    /// <returns>Whether to send <see cref="InterimResponse"/> before reading the body.</returns>
    public static bool IsExpected(HttpRequestHead head, HttpRequestBodyFraming framing)
    {
        ArgumentNullException.ThrowIfNull(head);
        return framing.HasBody && head.Version == "HTTP/1.1" &&
            head.GetHeader("Expect") is { } expect && expect.Trim(" \t").Equals("100-continue", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Writes <see cref="InterimResponse"/> and flushes it, so the waiting client sends its body now.</summary>
    /// <param name="output">The connection's output.</param>
    public static void WriteInterimResponse(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(InterimResponse);
        output.Flush();
    }
}
