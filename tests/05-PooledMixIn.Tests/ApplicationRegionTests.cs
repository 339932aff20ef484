using System.Net;
using PooledMixIn.Ipc;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Tests;

/// <summary>
/// When the application's shared region is made, in the server process alone. That every worker maps it and sees
/// one state is shown by the library example's tests (<see cref="LibraryExampleTests"/>).
/// </summary>
public sealed class ApplicationRegionTests
{
    [Fact]
    public void The_application_region_is_made_when_the_pool_starts_not_when_the_server_is_created()
    {
        var made = 0;
        var pool = new PooledProcessMixIn { CreateApplicationRegion = () => { made++; return SharedMemoryRegion.Create(64); } };

        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), pool);

        made.Should().Be(0, "code that creates the server runs in every worker too; the region is made once, at StartPool");
        pool.ApplicationRegion.Should().BeNull();
    }

    [Fact]
    public void A_pool_refused_for_its_shape_makes_no_application_region()
    {
        var made = 0;
        var pool = new PooledProcessMixIn
        {
            ThreadCount = 0,
            CreateApplicationRegion = () => { made++; return SharedMemoryRegion.Create(64); },
        };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), pool);

        pool.Invoking(p => p.StartPool()).Should().Throw<ArgumentOutOfRangeException>();
        made.Should().Be(0, "the settings are checked before anything is created");
        pool.ApplicationRegion.Should().BeNull();
    }
}
