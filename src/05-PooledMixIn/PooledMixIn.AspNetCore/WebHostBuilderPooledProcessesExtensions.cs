using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PooledMixIn.Preforking;

namespace PooledMixIn.AspNetCore;

/// <summary>Puts an ASP.NET Core app on the pool, in the shape of <c>UseKestrel</c> and <c>UseHttpSys</c>.</summary>
public static class WebHostBuilderPooledProcessesExtensions
{
    /// <summary>
    /// Serves the app with a pool of processes × threads instead of Kestrel, with options from the
    /// <c>PooledProcesses</c> configuration section.
    /// </summary>
    /// <param name="builder">The web host builder, for example <c>WebApplicationBuilder.WebHost</c>.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>
    /// Workers are this program started again (.NET cannot fork), so <b>everything before <c>Build()</c> runs in
    /// every process</b>, and each worker builds and runs its own host: its own DI container, singletons and hosted
    /// services. Use <see cref="WorkerProcess.IsWorker"/> to keep work to the server process. The server process
    /// binds, starts the workers and hands each connection to one idle thread; the app's requests run only in the
    /// workers.
    /// </remarks>
    public static IWebHostBuilder UsePooledProcesses(this IWebHostBuilder builder) => builder.UsePooledProcesses(static _ => { });

    /// <summary>
    /// Serves the app with a pool of processes × threads instead of Kestrel, with options from the
    /// <c>PooledProcesses</c> configuration section, then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The web host builder, for example <c>WebApplicationBuilder.WebHost</c>.</param>
    /// <param name="configure">Adjusts the options after configuration was bound; runs in every process.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <inheritdoc cref="UsePooledProcesses(IWebHostBuilder)" path="/remarks"/>
    public static IWebHostBuilder UsePooledProcesses(this IWebHostBuilder builder, Action<PooledProcessesServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureServices((context, services) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                // Said once, where the app chooses its server, rather than as an analyzer warning in every app.
                throw new PlatformNotSupportedException(
                    "The pool of processes x threads runs on Linux only (memfd, futex, PR_SET_PDEATHSIG); use Kestrel elsewhere.");
            }

            services.AddOptions<PooledProcessesServerOptions>()
                .Bind(context.Configuration.GetSection(PooledProcessesServerOptions.SectionName))
                .Configure(configure);

            // The last registration wins, so this replaces the Kestrel that the default builders register.
            services.AddSingleton<IServer, PooledProcessesServer>();
            if (WorkerProcess.IsWorker)
            {
                // A worker stops when the pool stops it, never on its own Ctrl+C: the server process handles that.
                services.AddSingleton<IHostLifetime, PoolWorkerLifetime>();
            }
        });
    }
}
