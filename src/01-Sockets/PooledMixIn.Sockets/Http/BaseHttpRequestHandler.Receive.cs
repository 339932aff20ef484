using System.Buffers;

namespace PooledMixIn.Sockets.Http;

/// <content>Receiving a request: its head within a deadline, then its body at a minimum rate.</content>
public abstract partial class BaseHttpRequestHandler
{
    private byte[] _previousHeadBytes = [];
    private int _previousHeadLength;
    private HttpRequestHead? _previousHead;
    private HttpRequestHead? _framedHead;
    private HttpRequestBodyFraming _framing;

    private void StartConnection()
    {
        if (_input is not null)
        {
            return;
        }

        _handling = true;
        _input = new HttpConnectionInput(Request, Limits.MaxRequestLineLength + Limits.MaxHeaderBytes + 16);
        _input.Append(_receivedBytes.Span);
    }

    #region receive-head
    /// <summary>
    /// Receives until the buffer holds a whole head. The first request on a connection, and any request once its
    /// first byte is in, has <see cref="HttpRequestLimits.RequestHeadTimeout"/> for the whole head; a kept-alive
    /// connection waits <see cref="HttpRequestLimits.KeepAliveTimeout"/> for that first byte.
    /// </summary>
    private HttpRequestHead? ReceiveHead()
    {
        var input = _input!;
        var firstRequest = _requestsOnConnection == 0;
        long? headDeadline = firstRequest || !input.Buffered.IsEmpty ? Deadline(Limits.RequestHeadTimeout) : null;
        var lineEnded = true; // bytes left by the previous request may hold a whole head
        while (true)
        {
            if (lineEnded && TryTakeHead(input) is { } head)
            {
                return head;
            }

            var before = input.Buffered.Length;
            var received = input.Receive(PerRead(headDeadline ?? Deadline(Limits.KeepAliveTimeout)));
            if (received == 0)
            {
                return input.Buffered.IsEmpty ? null : throw new HttpRequestRejectedException(400, "The request ended early.");
            }

            headDeadline ??= Deadline(Limits.RequestHeadTimeout);
            // Parse again only when a line has ended, or once the bytes outgrow any head the limits allow: a line
            // that never ends must be refused there (414, 431), not read on until the deadline (and the buffer grown
            // byte by byte past its bound).
            lineEnded = input.Buffered[before..].Contains((byte)'\n')
                || input.Buffered.Length >= Limits.MaxRequestLineLength + Limits.MaxHeaderBytes;
        }
    }
    #endregion

    #region reuse-head
    /// <summary>
    /// Takes the head at the start of the buffer, if it is all there. A kept-alive client often sends the same head
    /// again and again (a poll, a health check, a load generator); parsing is deterministic, so when the bytes are
    /// those of this connection's previous head the result is that head again, and it is reused instead of parsed:
    /// no new strings for the method, the target and the fields. Kestrel reuses header strings the same way.
    /// </summary>
    private HttpRequestHead? TryTakeHead(HttpConnectionInput input)
    {
        var previousBytes = _previousHeadBytes.AsSpan(0, _previousHeadLength);
        if (_previousHead is not null && input.Buffered.StartsWith(previousBytes))
        {
            input.Consume(previousBytes.Length);
            return _previousHead;
        }

        if (!HttpRequestParser.TryParseHead(input.Buffered, Limits, out var head, out var consumed))
        {
            return null;
        }

        if (_previousHeadBytes.Length < consumed)
        {
            _previousHeadBytes = new byte[consumed]; // grows to the longest head yet, so a steady client costs nothing
        }

        input.Buffered[..consumed].CopyTo(_previousHeadBytes);
        (_previousHead, _previousHeadLength) = (head, consumed);
        input.Consume(consumed);
        return head;
    }

    /// <summary>The body's framing, worked out once per distinct head: a reused head has the framing it had.</summary>
    private HttpRequestBodyFraming FramingOf(HttpRequestHead head)
    {
        if (!ReferenceEquals(head, _framedHead))
        {
            (_framing, _framedHead) = (HttpRequestBodyFraming.Of(head, Limits), head);
        }

        return _framing;
    }
    #endregion

    #region receive-body
    /// <summary>
    /// Receives the body the head announces. Its deadline starts after <see cref="HttpRequestLimits.MinBodyDataRateGracePeriod"/>
    /// and moves on by 1 / <see cref="HttpRequestLimits.MinBodyDataRate"/> seconds for every byte received, so a
    /// client that keeps to the minimum rate never runs out of time and one that falls below it does.
    /// </summary>
    private byte[] ReceiveBody(HttpRequestHead head)
    {
        var framing = FramingOf(head);
        if (!framing.HasBody)
        {
            return [];
        }

        var input = _input!;
        if (HttpExpectContinue.IsExpected(head, framing) && input.Buffered.IsEmpty)
        {
            HttpExpectContinue.WriteInterimResponse(base.WFile);
        }

        var start = Environment.TickCount64 + (long)Limits.MinBodyDataRateGracePeriod.TotalMilliseconds;
        var received = 0L;
        var body = new ArrayBufferWriter<byte>((int)Math.Min(Math.Max(framing.ContentLength, 256), 64 * 1024));
        var decoder = framing.IsChunked ? new HttpChunkedDecoder(Limits.MaxBodyLength, Limits.MaxHeaderBytes) : null;
        while (true)
        {
            bool done;
            if (decoder is null)
            {
                var count = (int)Math.Min(input.Buffered.Length, framing.ContentLength - body.WrittenCount);
                body.Write(input.Buffered[..count]);
                input.Consume(count);
                done = body.WrittenCount == framing.ContentLength;
            }
            else
            {
                var status = decoder.Decode(input.Buffered, body.GetSpan(4096), out var consumed, out var written);
                body.Advance(written);
                input.Consume(consumed);
                done = status == OperationStatus.Done;
                if (status == OperationStatus.DestinationTooSmall)
                {
                    continue;
                }
            }

            if (done)
            {
                return body.WrittenSpan.ToArray();
            }

            var deadline = start + (long)(received * 1000 / Limits.MinBodyDataRate);
            var n = input.Receive(PerRead(deadline));
            received += n != 0 ? n : throw new HttpRequestRejectedException(400, "The body ended early.");
        }
    }
    #endregion

    private static long Deadline(TimeSpan after) => Environment.TickCount64 + (long)after.TotalMilliseconds;

    /// <summary>The earlier of a phase's deadline and <see cref="StreamRequestHandler.Timeout"/> from now.</summary>
    private long PerRead(long deadline) => Timeout is { } timeout ? Math.Min(deadline, Deadline(timeout)) : deadline;
}
