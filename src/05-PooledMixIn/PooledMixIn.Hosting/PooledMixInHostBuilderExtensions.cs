using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;

namespace PooledMixIn.Hosting;

/// <summary>Runs a PooledMixIn HTTP server as a hosted service of the generic host.</summary>
public static class PooledMixInHostBuilderExtensions
{
    #region use-pooled-mixin
    /// <summary>
    /// Adds a hosted PooledMixIn HTTP server whose connections <paramref name="handlerFactory"/> serves, with options
    /// from the <c>PooledMixIn</c> configuration section, then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The host builder, for example <c>Host.CreateApplicationBuilder(args)</c>.</param>
    /// <param name="handlerFactory">Creates the handler of one connection, in a worker, from the worker's services.</param>
    /// <param name="configure">Adjusts the options after configuration was bound; runs in every process.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <remarks>
    /// <para>
    /// Workers are this program started again (.NET cannot fork), so <b>everything before <c>Build()</c> runs in
    /// every process</b> and each worker builds its own host. The rule for the host's other hosted services: they run
    /// in the server process only, unless <see cref="PooledMixInHostOptions.RunHostedServicesInWorkers"/> is set. A
    /// worker's host runs the pool's hosted service alone, ignores the terminal's Ctrl+C (the server process decides
    /// when workers stop), and stops when the pool stops it.
    /// </para>
    /// <para>
    /// The host owns SIGTERM, SIGINT and SIGQUIT (its console lifetime, or systemd's with <c>AddSystemd()</c>), and
    /// its stop is the pool's graceful stop. SIGHUP (reload), SIGTTIN and SIGTTOU (one worker more or fewer) and
    /// SIGUSR2 (upgrade) are handled as the library handles them without a host.
    /// </para>
    /// </remarks>
    public static IHostApplicationBuilder UsePooledMixIn(
        this IHostApplicationBuilder builder, Func<IServiceProvider, BaseRequestHandler> handlerFactory, Action<PooledMixInHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(handlerFactory);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The pool of processes x threads runs on Linux only (memfd, futex, PR_SET_PDEATHSIG).");
        }

        var section = builder.Configuration.GetSection(PooledMixInHostOptions.SectionName);
        builder.Services.AddOptions<PooledMixInHostOptions>().Bind(section).Configure(configure ?? (static _ => { }));
        builder.Services.AddSingleton(new PoolRequestHandlerFactory(handlerFactory));
        builder.Services.AddHostedService<PooledMixInHostedService>();
        if (WorkerProcess.IsWorker)
        {
            builder.Services.AddSingleton<IHostLifetime, PoolWorkerLifetime>();
            var settings = new PooledMixInHostOptions();
            section.Bind(settings);
            configure?.Invoke(settings);
            if (!settings.RunHostedServicesInWorkers)
            {
                builder.ConfigureContainer(new PoolWorkerServiceProviderFactory());
            }
        }

        return builder;
    }
    #endregion
}
