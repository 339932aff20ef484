using PooledMixIn.Sockets;

namespace PooledMixIn.Hosting;

/// <summary>The application's request handler factory, as a service the pool's hosted service is built with.</summary>
/// <param name="Create">Creates the handler of one connection; called in the workers, on the pool's threads.</param>
internal sealed record PoolRequestHandlerFactory(Func<IServiceProvider, BaseRequestHandler> Create);
