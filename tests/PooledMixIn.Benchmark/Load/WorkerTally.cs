using System.Runtime.InteropServices;
using System.Text;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// Responses counted per worker process and per thread, from the PID and thread fields of the answers
/// themselves: the server's own account of who did the work, which shows how fairly a design spreads it.
/// Counting a thread already seen allocates nothing (the key is a hash of the field's bytes).
/// </summary>
internal sealed class WorkerTally
{
    private readonly Dictionary<int, long> _byProcess = [];
    private readonly Dictionary<(int ProcessId, ulong ThreadHash), ThreadCount> _byThread = [];

    public IReadOnlyDictionary<int, long> ByProcess => _byProcess;

    public IEnumerable<(int ProcessId, string Thread, long Count)> ByThread =>
        _byThread.Select(entry => (entry.Key.ProcessId, entry.Value.Name, entry.Value.Count));

    public int ThreadCountSeen => _byThread.Count;

    public void Count(int processId, ReadOnlySpan<byte> thread)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_byProcess, processId, out _)++;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_byThread, (processId, Fnv1a(thread)), out var exists);
        if (!exists)
        {
            entry.Name = Encoding.UTF8.GetString(thread);
        }

        entry.Count++;
    }

    public void Add(WorkerTally other)
    {
        foreach (var (processId, count) in other._byProcess)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_byProcess, processId, out _) += count;
        }

        foreach (var (key, value) in other._byThread)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_byThread, key, out _);
            entry.Name = value.Name;
            entry.Count += value.Count;
        }
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private struct ThreadCount
    {
        public string Name;
        public long Count;
    }
}
