using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PooledMixIn.Preforking.Tests;

public sealed class WorkerMarkerTests
{
    private static Gen<WorkerMarker> Markers() =>
        from role in Gen.Elements(WorkerRole.PreforkedWorker, WorkerRole.ForkedChild)
        from index in Gen.Choose(0, 10_000)
        from ordinal in Gen.Choose(0, 8)
        from parent in Gen.Choose(1, 4_000_000)
        from listening in Gen.Choose(0, 65_535)
        from connection in Gen.Choose(-1, 65_535)
        from control in Gen.Choose(0, 65_535)
        from extra in Gen.Choose(0, 65_535).ListOf().Select(l => l.Take(4).ToArray())
        select new WorkerMarker(role, index, ordinal, parent, listening, connection, control, extra);

    [Property(MaxTest = 200)]
    public Property A_marker_survives_the_environment_variable_unchanged() =>
        Prop.ForAll(Markers().ToArbitrary(), marker =>
        {
            var parsed = WorkerMarker.Parse(marker.Format());
            return parsed is not null && parsed with { ExtraFds = marker.ExtraFds } == marker && parsed.ExtraFds.SequenceEqual(marker.ExtraFds);
        });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Parent:0:0:1:3:-1:")]
    [InlineData("PreforkedWorker:0:0:1:3")]
    [InlineData("PreforkedWorker:x:0:1:3:-1:")]
    [InlineData("PreforkedWorker:0:0:1:3:-1:5,x")]
    public void A_malformed_or_parent_marker_is_not_a_worker(string? text) =>
        WorkerMarker.Parse(text).Should().BeNull();

    [Fact]
    public void The_test_host_is_not_a_worker() => WorkerProcess.IsWorker.Should().BeFalse();
}
