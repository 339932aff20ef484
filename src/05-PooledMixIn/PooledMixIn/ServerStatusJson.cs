using System.Text.Json;

namespace PooledMixIn;

/// <summary>
/// The status page for machines:
/// <c>{"accepted":N,"completed":N,"failed":N,"workers":[{"pid":N,"threads":[{"state":"idle|reading|busy|keepalive|closing|dead","requests":N,"busy_ms":N,"path":"..."}]}]}</c>.
/// Written with <see cref="Utf8JsonWriter"/>, so it needs no reflection (and works in a NativeAOT build).
/// </summary>
internal static class ServerStatusJson
{
    public static byte[] Render(PoolStatus status, long nowUnixMilliseconds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("accepted", status.Accepted);
            json.WriteNumber("completed", status.Completed);
            json.WriteNumber("failed", status.Failed);
            json.WriteStartArray("workers");
            foreach (var worker in status.Workers)
            {
                json.WriteStartObject();
                json.WriteNumber("pid", worker.ProcessId);
                json.WriteStartArray("threads");
                foreach (var row in worker.Threads)
                {
                    json.WriteStartObject();
                    json.WriteString("state", ThreadState.NameOf(row));
                    json.WriteNumber("requests", row.Requests);
                    json.WriteNumber("busy_ms", ThreadState.BusyMilliseconds(row, nowUnixMilliseconds));
                    json.WriteString("path", row.Path);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
