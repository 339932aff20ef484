using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PooledMixIn.Hosting;

/// <summary>
/// In a worker, builds the host's container without the application's other hosted services: a worker is the
/// program started again, and each background service would otherwise run once per process. It works at
/// <c>Build()</c>, when every registration is known, so it holds whatever the order of the calls in <c>Program.cs</c>.
/// </summary>
internal sealed class PoolWorkerServiceProviderFactory : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _default = new();

    #region worker-hosted-services
    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && !IsThePool(descriptor))
            {
                services.RemoveAt(i);
            }
        }

        return _default.CreateBuilder(services);
    }
    #endregion

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _default.CreateServiceProvider(containerBuilder);

    private static bool IsThePool(ServiceDescriptor descriptor) =>
        !descriptor.IsKeyedService && descriptor.ImplementationType == typeof(PooledMixInHostedService);
}
