using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// The generic host sample (PooledMixIn.Hosting) as real processes, run from this folder so that the server's and
/// the workers' code is instrumented: configured from its command line, stopped with SIGTERM or <c>GET /shutdown</c>,
/// resized with the operator's signals.
/// </summary>
public sealed partial class HostingTests
{
    private const int SIGTTIN = 21;
    private const int SIGTTOU = 22;
    private static readonly string s_path = ServerProcess.HelperPath(typeof(HostingTests).Assembly, "HostingDemoPath");

    [Fact]
    public void The_hosted_pool_serves_runs_the_apps_hosted_services_once_and_stops_on_sigterm_with_exit_code_0()
    {
        using var demo = HostedDemo.Start(processes: 2);

        var answer = DemoLine.Parse(RawHttpClient.Get(demo.EndPoint, "/hosted").Text);
        Signals.Send(demo.ServerPid, Signals.Terminate);
        var exitCode = demo.Child.WaitForExit(TestTimeouts.Operation);

        demo.ServerPid.Should().Be(demo.Child.Id);
        demo.Workers.Should().HaveCount(2, "--processes 2 reached the options through the configuration section");
        answer.ParentProcessId.Should().Be(demo.ServerPid);
        answer.ProcessId.Should().BeOneOf(demo.Workers);
        exitCode.Should().Be(0);
        demo.Workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid), "the workers stopped with the host");
        HeartbeatPids(demo.Child.Transcript).Should()
            .Equal([demo.ServerPid], "the app's hosted service runs in the server process only");
    }

    [Fact]
    public void Run_hosted_services_in_workers_from_the_command_line_runs_the_apps_hosted_service_in_every_process()
    {
        using var demo = HostedDemo.Start(processes: 2, "--PooledMixIn:RunHostedServicesInWorkers=true");

        Signals.Send(demo.ServerPid, Signals.Terminate);
        var exitCode = demo.Child.WaitForExit(TestTimeouts.Operation); // drains the output: every heartbeat line is in

        exitCode.Should().Be(0);
        HeartbeatPids(demo.Child.Transcript).Should().BeEquivalentTo(
            demo.Workers.Append(demo.ServerPid), "each worker's host read the option too, and kept the app's hosted services");
    }

    [Fact]
    public void The_worker_environment_from_configuration_reaches_every_worker_over_the_pools_default()
    {
        using var demo = HostedDemo.Start(processes: 2,
            "--PooledMixIn:WorkerEnvironment:POOLEDMIXIN_TEST_SETTING=hosted", "--PooledMixIn:WorkerEnvironment:DOTNET_GCgen0size=200000");

        foreach (var pid in demo.Workers)
        {
            var environment = LinuxProcesses.EnvironmentOf(pid);
            environment.Should().Contain("POOLEDMIXIN_TEST_SETTING", "hosted");
            environment.Should().Contain("DOTNET_GCgen0size", "200000", "configuration replaces the pool's default");
        }

        LinuxProcesses.EnvironmentOf(demo.ServerPid).Should().NotContainKey("POOLEDMIXIN_TEST_SETTING");
    }

    [Fact]
    public void Get_shutdown_answers_then_stops_the_host_with_exit_code_0_and_every_worker()
    {
        // The pool stops on its own here, not through the host: the hosted service must then stop the host, or the
        // server process would live on with no pool.
        using var demo = HostedDemo.Start(processes: 2);

        var answer = RawHttpClient.Get(demo.EndPoint, "/shutdown");
        var exitCode = demo.Child.WaitForExit(TestTimeouts.Operation);

        answer.StatusCode.Should().Be(200);
        exitCode.Should().Be(0);
        demo.Workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid), "the workers stopped with the host");
    }

    [Fact]
    public void Ttou_removes_one_worker_and_ttin_adds_one_back_under_the_host()
    {
        // The host owns TERM, INT and QUIT; the operator's other signals keep the meaning they have without a host.
        using var demo = HostedDemo.Start(processes: 3);

        Signals.Send(demo.ServerPid, SIGTTOU);
        Eventually.Until(() => RunningWorkers(demo) == 2, TestTimeouts.Operation, "two workers after TTOU");
        Signals.Send(demo.ServerPid, SIGTTIN);
        Eventually.Until(() => RunningWorkers(demo) == 3, TestTimeouts.Operation, "three workers after TTIN");
        var answer = DemoLine.Parse(RawHttpClient.Get(demo.EndPoint, "/after-resize").Text);
        Signals.Send(demo.ServerPid, Signals.Terminate);

        answer.ParentProcessId.Should().Be(demo.ServerPid);
        demo.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
    }

    private static int RunningWorkers(HostedDemo demo) => LinuxProcesses.ChildrenOf(demo.ServerPid).Count(LinuxProcesses.IsRunning);

    private static int[] HeartbeatPids(string transcript) =>
        [.. HeartbeatLine().Matches(transcript).Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"Listening on http://(?<address>[0-9.]+:\d+)/ \(server pid (?<pid>\d+)\)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Heartbeat service started in pid (?<pid>\d+)")]
    private static partial Regex HeartbeatLine();

    /// <summary>The sample started on a free port, once its host says the pool listens; disposing kills what is left.</summary>
    private sealed class HostedDemo : IDisposable
    {
        private HostedDemo(ChildProcess child, IPEndPoint endPoint, int serverPid)
        {
            Child = child;
            EndPoint = endPoint;
            ServerPid = serverPid;
            Workers = LinuxProcesses.ChildrenOf(serverPid);
        }

        public ChildProcess Child { get; }

        public IPEndPoint EndPoint { get; }

        public int ServerPid { get; }

        /// <summary>The workers when the host said it listens (every one serves by then).</summary>
        public IReadOnlyList<int> Workers { get; }

        public static HostedDemo Start(int processes, params string[] extraArguments)
        {
            var child = ChildProcess.StartDotnet(
                s_path,
                ["--port", "0", "--processes", processes.ToString(CultureInfo.InvariantCulture), "--threads", "2", .. extraArguments],
                TimeSpan.FromSeconds(120));
            try
            {
                var listening = ListeningLine().Match(child.WaitForLine(l => ListeningLine().IsMatch(l), TestTimeouts.Operation));
                return new HostedDemo(
                    child, IPEndPoint.Parse(listening.Groups["address"].Value), int.Parse(listening.Groups["pid"].Value, CultureInfo.InvariantCulture));
            }
            catch
            {
                child.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Child.Stop(ServerProcess.GracefulStopTimeout);
            Child.Dispose();
        }
    }
}
