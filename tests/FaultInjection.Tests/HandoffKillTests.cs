using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// <c>kill -9</c> of a worker at each step of a connection's way through the hand-off, with the worker's thread
/// parked at that step first (<c>--park-at</c>), so the kill lands there every time rather than by luck. The loss
/// may be at most what that worker held: nothing before its accept, the one connection after. Every other client is
/// served throughout, the pool is back to full capacity, and the server process leaks no descriptor and no mapping.
/// </summary>
[Trait(FaultCategory.Name, FaultCategory.Value)]
public sealed class HandoffKillTests
{
    private const int Processes = 3;
    private const int LoadClients = 2;
    private const int LoadBeforeKill = 10;

    [Fact]
    public void Killed_after_taking_the_token_the_worker_loses_nothing_the_server_process_reissues_the_token_and_its_connection_is_served()
    {
        var outcome = KillAt("token-taken");

        outcome.LostHandoffs.Should().Be(1, "the token was taken and never acknowledged: one lost hand-off, counted once");
        outcome.Victim.Should().StartWith("HTTP/1.1 200 ").And.Contain("uri=[/victim]",
            "the connection was never accepted: it waited in the backlog, and the token re-issued for it reached another worker");
        outcome.VictimAnsweredBy.Should().NotBe(outcome.VictimPid);
    }

    [Fact]
    public void Killed_after_the_accept_before_the_acknowledgement_the_worker_loses_only_its_own_connection()
    {
        var outcome = KillAt("before-ack");

        outcome.LostHandoffs.Should().Be(1, "the event was never set: the server process waited one hand-off timeout, counted it and polled again");
        outcome.Victim.Should().BeEmpty("the accepted connection died with the worker that held it, before a byte was answered");
    }

    [Fact]
    public void Killed_mid_request_the_worker_loses_only_its_own_connection_and_no_hand_off()
    {
        var outcome = KillAt("mid-request");

        outcome.LostHandoffs.Should().Be(0, "the hand-off had been acknowledged: the server process never waited for this worker");
        outcome.Victim.Should().BeEmpty("the request was read but nothing was answered when the worker died");
    }

    [Fact]
    public void Killed_mid_response_the_worker_leaves_its_client_a_truncated_response_it_can_tell_from_a_whole_one()
    {
        var outcome = KillAt("mid-response");

        outcome.LostHandoffs.Should().Be(0, "the hand-off had been acknowledged: the server process never waited for this worker");
        var head = outcome.Victim.Split("\r\n\r\n", 2);
        head.Should().HaveCount(2, "the head was sent before the worker parked");
        var declared = int.Parse(head[0].Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..], System.Globalization.CultureInfo.InvariantCulture);
        Encoding.UTF8.GetByteCount(head[1]).Should().BeLessThan(declared, "the body stops where the worker died, short of its Content-Length");
    }

    /// <summary>
    /// Starts a pool of <see cref="Processes"/> × 1 thread, arms the step, sends the victim connection, waits until a
    /// thread is parked at the step, runs a load beside it, kills the parked thread's worker, and checks what every
    /// step shares: the load lost nothing, a replacement serves, the pool has all its threads again, and the server
    /// process holds no more descriptors than before and no mapping of the pool's region but its workers'.
    /// </summary>
    private static KillOutcome KillAt(string step)
    {
        using var server = ParkingServer.Start(step, Processes);
        server.Process.Get("/warm-up").StatusCode.Should().Be(200);
        var descriptorsBefore = WorkerFacingDescriptors(server.Pid);
        var region = MemfdHolders.MappedInode(server.Pid, "pooledmixin-pool") ?? throw new InvalidOperationException("The server maps no pool region.");

        server.Arm();
        using var victim = RawHttpClient.Connect(server.Process.EndPoint);
        victim.Send("GET /victim HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var victimPid = server.WaitForParkedWorker(step);
        server.Workers().Should().Contain(victimPid);

        using var stopLoad = new CancellationTokenSource();
        var answered = new StrongBox<int>();
        var load = Concurrently.Start(LoadClients, client => RunLoad(server, client, answered, stopLoad.Token));
        WaitForAnswers(load, answered, LoadBeforeKill, "the pool serves others while one thread is parked");

        Signals.Send(victimPid, Signals.Kill);
        var victimReceived = ReadUntilClosed(victim.Socket);
        var replacement = server.WaitForReplacement();
        WaitForAnswers(load, answered, Volatile.Read(ref answered.Value) + LoadBeforeKill, "the load goes on after the kill");
        stopLoad.Cancel();
        var loads = load.WaitAsync(TestTimeouts.Operation).GetAwaiter().GetResult();

        loads.Sum(l => l.Failed).Should().Be(0, "no other client's connection was held by the worker killed");
        // Each request is answered at once, then holds its thread for 4 s: answered together, they were answered by
        // as many threads as there are requests.
        var capacity = Concurrently.Run(Processes, i => DemoLine.Parse(server.Process.Get($"/hold-capacity-{i}?ms=4000").Text).ProcessId);
        capacity.Should().OnlyHaveUniqueItems("every worker's thread serves one of the concurrent requests: the pool is at full capacity")
            .And.Contain(replacement).And.NotContain(victimPid);
        Eventually.Until(() => WorkerFacingDescriptors(server.Pid).Count == descriptorsBefore.Count, TestTimeouts.Operation,
            $"the server process holds as many pipes, sockets and memfds as before the kill: before {string.Join(' ', descriptorsBefore)}, now {string.Join(' ', WorkerFacingDescriptors(server.Pid))}");
        MemfdHolders.Of(region).Should().BeEquivalentTo([server.Pid, .. server.Workers()],
            "the pool's region is held by the server process and its live workers, and by nothing of the worker killed");
        var lost = server.LostHandoffs();

        server.Process.Terminate().Should().Be(0, server.Process.Child.Transcript);
        MemfdHolders.Of(region).Should().BeEmpty("a stopped pool leaves no process holding its region");
        var answeredBy = victimReceived.Contains("uri=[/victim]", StringComparison.Ordinal) ? DemoLine.Parse(victimReceived.Split("\r\n\r\n", 2)[1]).ProcessId : 0;
        return new KillOutcome(victimPid, victimReceived, answeredBy, lost);
    }

    private static (int Ok, int Failed) RunLoad(ParkingServer server, int client, StrongBox<int> answered, CancellationToken stop)
    {
        // Bounded in count and in time, whatever the test does meanwhile; normally the test stops it much sooner.
        var (ok, failed) = (0, 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100_000 && !stop.IsCancellationRequested && clock.Elapsed < 3 * TestTimeouts.Operation; i++)
        {
            try
            {
                var line = DemoLine.Parse(server.Process.Get($"/load-{client}-{i}").Text);
                ok += line.ParentProcessId == server.Pid ? 1 : 0;
                failed += line.ParentProcessId == server.Pid ? 0 : 1;
                Interlocked.Increment(ref answered.Value);
            }
            catch (Exception exception) when (exception is IOException or SocketException)
            {
                failed++;
            }
        }

        return (ok, failed);
    }

    /// <summary>Waits until the load has <paramref name="target"/> answers; a load that ended first shows why.</summary>
    private static void WaitForAnswers(Task<IReadOnlyList<(int Ok, int Failed)>> load, StrongBox<int> answered, int target, string because)
    {
        Eventually.Until(() => Volatile.Read(ref answered.Value) >= target || load.IsCompleted, TestTimeouts.Operation, because);
        if (load.IsCompleted)
        {
            var results = load.GetAwaiter().GetResult(); // rethrows what ended a client loop
            throw new InvalidOperationException($"The load ended before {target} answers: {string.Join(", ", results)}.");
        }
    }

    /// <summary>
    /// The descriptors of a process that a worker's life and death could leave behind: pipes, sockets, memfds, epoll
    /// and event instances. Its standard streams are set aside, with the copies the runtime opens of them on first
    /// use (the first write to stderr may well be the log line about the worker killed); so are the files it maps.
    /// </summary>
    private static List<string> WorkerFacingDescriptors(int pid)
    {
        var standardStreams = Enumerable.Range(0, 3).Select(fd => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget).ToHashSet(StringComparer.Ordinal);
        return [.. LinuxProcesses.OpenDescriptors(pid)
            .Where(target => target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("socket:", StringComparison.Ordinal)
                || target.StartsWith("anon_inode:", StringComparison.Ordinal) || target.StartsWith("/memfd:", StringComparison.Ordinal))
            .Where(target => !standardStreams.Contains(target))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Everything the server sent on the connection until it closed it (or reset it), as Latin-1 text.</summary>
    private static string ReadUntilClosed(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            for (int read; (read = socket.Receive(buffer)) > 0;)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The kernel resets a connection whose process died with unread input: the end, all the same.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>What the kill cost: who held the victim connection, what that client received, and the lost hand-offs counted.</summary>
    private sealed record KillOutcome(int VictimPid, string Victim, int VictimAnsweredBy, long LostHandoffs);
}
