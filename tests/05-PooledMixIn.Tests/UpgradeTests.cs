using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// The zero-downtime upgrade, as an operator runs it: USR2 to the server, wait for the new server's pid file, TERM to
/// the old server found in <c>PATH.oldbin</c>.
/// </summary>
public sealed class UpgradeTests
{
    private const int SIGUSR2 = 12;

    [Theory]
    [InlineData("handoff")]
    [InlineData("epoll-exclusive")]
    public void Usr2_then_term_to_the_old_server_hands_the_socket_to_a_new_server_and_fails_no_request(string strategy)
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"pooledmixin-{Environment.ProcessId}-{Guid.NewGuid():N}.pid");
        int? newServer = null;
        try
        {
            using var server = PoolServer.Start(2, 2, strategy, "--pid-file", pidFile);
            ReadPid(pidFile).Should().Be(server.Pid, "the server writes its pid once the pool serves");
            using var load = ContinuousLoad.Start(server.Process, clients: 4, "/slow-usr2", "?ms=20");
            Eventually.Until(() => load.Answers.Count >= 20, TestTimeouts.Operation, "the load is being served");

            Signals.Send(server.Pid, SIGUSR2);
            Eventually.Until(() => ReadPid(pidFile) is { } pid && pid != server.Pid, TestTimeouts.Operation, "the new server's pid file");
            newServer = ReadPid(pidFile)!.Value;
            ReadPid(pidFile + ".oldbin").Should().Be(server.Pid, "the old server moved its pid file aside");
            Eventually.Until(() => load.Answers.Any(a => a.ParentProcessId == newServer), TestTimeouts.Operation, "answers from the new server's workers");

            Signals.Send(server.Pid, Signals.Terminate);
            server.Process.Child.TryWaitForExit(TestTimeouts.Operation).Should().BeTrue("TERM stops the old server");
            var answeredBeforeStop = load.Answers.Count;
            Eventually.Until(() => load.Answers.Count >= answeredBeforeStop + 20, TestTimeouts.Operation, "more answers after the old server stopped");
            load.Stop();

            server.Process.Child.ExitCode.Should().Be(0);
            load.Failures.Should().BeEmpty();
            load.Answers.TakeLast(8).Should().OnlyContain(a => a.ParentProcessId == newServer, "only the new server serves now");
            server.Workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid), "the old workers stopped with the old server");
            File.Exists(pidFile + ".oldbin").Should().BeFalse("the old server removed its pid file");
            StopNewServer(newServer.GetValueOrDefault()).Should().BeTrue("the new server and its workers stop on TERM");
            File.Exists(pidFile).Should().BeFalse("the new server removed its pid file");
        }
        finally
        {
            if (newServer is { } pid && LinuxProcesses.IsRunning(pid))
            {
                KillTree(pid);
            }

            File.Delete(pidFile);
            File.Delete(pidFile + ".oldbin");
        }
    }

    [Fact]
    public void A_new_server_that_fails_to_start_gives_the_pid_file_back_and_the_old_server_keeps_serving()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"pooledmixin-{Environment.ProcessId}-{Guid.NewGuid():N}.pid");
        var crashFile = pidFile + ".crash";
        try
        {
            using var server = PoolServer.Start(2, 2, "handoff", "--pid-file", pidFile, "--crash-workers-while", crashFile);
            File.WriteAllText(crashFile, "the new server's workers exit at once");

            Signals.Send(server.Pid, SIGUSR2);
            // The new server announces itself (on the output it shares with the old one) before its pool fails to start.
            server.Process.Child.WaitForLine(
                l => l.StartsWith("listening on ", StringComparison.Ordinal) && !l.EndsWith($" pid={server.Pid}", StringComparison.Ordinal), TestTimeouts.Operation);
            Eventually.Until(() => File.Exists(pidFile) && !File.Exists(pidFile + ".oldbin"), TestTimeouts.Operation, "the pid file moved back");

            ReadPid(pidFile).Should().Be(server.Pid);
            server.Get("/after-failed-upgrade").ParentProcessId.Should().Be(server.Pid, "the old server still serves");
            server.Process.Terminate().Should().Be(0);
            File.Exists(pidFile).Should().BeFalse();
        }
        finally
        {
            File.Delete(crashFile);
            File.Delete(pidFile);
            File.Delete(pidFile + ".oldbin");
        }
    }

    /// <summary>TERM to the new server, which is no child of this process; true if it and its workers are gone in time.</summary>
    private static bool StopNewServer(int pid)
    {
        var workers = LinuxProcesses.ChildrenOf(pid);
        Signals.Send(pid, Signals.Terminate);
        try
        {
            Eventually.Until(() => !LinuxProcesses.IsRunning(pid) && !workers.Any(LinuxProcesses.IsRunning), TestTimeouts.Operation, "the new server stopped");
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The safety net when the test failed half-way: SIGKILL to the new server's workers, then to it.</summary>
    private static void KillTree(int pid)
    {
        foreach (var process in LinuxProcesses.ChildrenOf(pid).Append(pid))
        {
            try
            {
                Signals.Send(process, Signals.Kill);
            }
            catch (IOException)
            {
                // Gone already.
            }
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or FormatException)
        {
            return null;
        }
    }
}
