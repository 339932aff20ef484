using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.Ipc;

namespace PooledMixIn.Tests;

/// <summary>The shared region's layout: one definition, the same offsets everywhere, no false sharing.</summary>
public sealed class PoolLayoutTests
{
    private static readonly Arbitrary<(int Processes, int Threads)> s_shapes =
        Gen.Choose(1, 8).Zip(Gen.Choose(1, 70)).ToArbitrary();

    [Property(MaxTest = 50)]
    public Property A_second_mapping_derives_the_same_offsets_and_sees_the_same_objects() =>
        Prop.ForAll(s_shapes, shape =>
        {
            using var created = PoolState.Create(shape.Processes, shape.Threads);
            using var opened = PoolState.OpenInherited(Interop.Dup(created.Region.FileHandle.FileDescriptor), shape.Processes, shape.Threads);
            created.Counters.Failed = 7;
            created.SlotOf(shape.Processes - 1, shape.Threads - 1).Requests = 11;

            return (opened.Layout == created.Layout).Label("same offsets from the same shape")
                .And(opened.Counters.Failed == 7 && opened.Counters.Accepted == 0).Label("same counters")
                .And(opened.SlotOf(shape.Processes - 1, shape.Threads - 1).Requests == 11).Label("same last scoreboard row")
                .And(created.Region.Size == created.Layout.Size).Label("the region is exactly the layout's size");
        });

    [Property(MaxTest = 50)]
    public Property No_two_objects_that_different_threads_write_share_a_cache_line() =>
        Prop.ForAll(s_shapes, shape =>
        {
            var layout = PoolLayout.For(shape.Processes, shape.Threads);
            var objects = HotObjects(layout, shape.Processes * shape.Threads).ToList();
            var lines = objects.SelectMany(o => LinesOf(o.Offset, o.Size).Select(line => (line, o.Name))).ToList();
            var shared = lines.GroupBy(l => l.line).Where(g => g.Count() > 1).Select(g => string.Join(" & ", g.Select(l => l.Name))).ToList();

            return (shared.Count == 0).Label($"objects sharing a line: {string.Join("; ", shared.Take(3))}")
                .And(objects.Max(o => o.Offset + o.Size) <= layout.Size).Label("every object inside the region");
        });

    [Fact]
    public void A_scoreboard_row_fills_exactly_one_cache_line()
    {
        Unsafe.SizeOf<ThreadSlot>().Should().Be(SharedMemoryLayout.CacheLineSize);
    }

    private static IEnumerable<(string Name, long Offset, long Size)> HotObjects(PoolLayout layout, int rows)
    {
        yield return ("header", layout.Header, Unsafe.SizeOf<PoolHeader>());
        yield return ("token", layout.Token, SharedSemaphore.SizeInBytes);
        yield return ("accepted event", layout.Accepted, SharedEvent.SizeInBytes);
        yield return ("accept lock", layout.AcceptLock, SharedSemaphore.SizeInBytes);
        yield return ("lock owner", layout.LockOwner, sizeof(int));
        yield return ("keep running", layout.KeepRunning, sizeof(int));
        yield return ("accepting", layout.Accepting, sizeof(int));
        var counters = layout.Counters;
        yield return ("counter accepted", counters + FieldOffset(nameof(PoolCounters.Accepted)), sizeof(long));
        yield return ("counter completed", counters + FieldOffset(nameof(PoolCounters.Completed)), sizeof(long));
        yield return ("counter failed", counters + FieldOffset(nameof(PoolCounters.Failed)), sizeof(long));
        yield return ("counter lost", counters + FieldOffset(nameof(PoolCounters.LostHandoffs)), sizeof(long));
        for (var row = 0; row < rows; row++)
        {
            yield return ($"row {row}", layout.Scoreboard + ((long)row * Unsafe.SizeOf<ThreadSlot>()), Unsafe.SizeOf<ThreadSlot>());
        }
    }

    private static long FieldOffset(string field) =>
        System.Runtime.InteropServices.Marshal.OffsetOf<PoolCounters>(field).ToInt64();

    private static IEnumerable<long> LinesOf(long offset, long size)
    {
        for (var line = offset / SharedMemoryLayout.CacheLineSize; line <= (offset + size - 1) / SharedMemoryLayout.CacheLineSize; line++)
        {
            yield return line;
        }
    }
}
