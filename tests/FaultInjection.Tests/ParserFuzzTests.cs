using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// A fuzzer over the request parser, through the real server: valid requests mutated at random (bytes replaced,
/// inserted, deleted, repeated, cut short) are sent on a connection each. Whatever arrives, the server answers with
/// well-formed HTTP responses or closes, and no process of it crashes. CI sends <see cref="FaultSettings.FuzzCases"/>
/// cases; <c>FAULT_FUZZ_CASES=20000</c> runs longer.
/// </summary>
[Trait(FaultCategory.Name, FaultCategory.Value)]
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Any_mutation_of_a_valid_request_is_answered_well_formed_or_closed_and_crashes_nothing()
    {
        using var server = DemoServer.Start(processes: 2, threads: 8);
        var workers = server.Workers();
        var answered = new Dictionary<int, int>();

        #region fuzz-property
        var property = Prop.ForAll(FuzzCase.Arbitrary, fuzzCase =>
        {
            var outcome = RawExchange.Send(server.Process.EndPoint, fuzzCase.Bytes());
            var (statuses, problem) = ResponseStream.Check(outcome.Received, fuzzCase.StartsWithHead());
            lock (answered)
            {
                foreach (var status in statuses.DefaultIfEmpty(0))
                {
                    answered[status] = answered.GetValueOrDefault(status) + 1;
                }
            }

            return (problem is null).Label($"well-formed answer or a close ({problem})")
                .And(workers.All(TestSupport.LinuxProcesses.IsRunning).Label("every worker still runs"));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(FaultSettings.FuzzCases), property);
        #endregion

        output.WriteLine($"{FaultSettings.FuzzCases} cases; statuses (0 = closed without one): " +
            string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}")));
        server.Workers().Should().Equal(workers, "no worker died or was replaced");
        server.Transcript.Should().NotContain("Unhandled exception");
        server.Terminate().Should().Be(0, "after the fault the server still stops cleanly");
    }
}
