using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Tests;

public sealed class CatalogueTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("benchmark-layout-").FullName;

    [Fact]
    public void Design_names_are_unique_and_the_baselines_exist()
    {
        var names = DesignCatalogue.All.Select(d => d.Name).ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().Contain([DesignCatalogue.Reference, DesignCatalogue.ThreadPerConnection]);
    }

    [Fact]
    public void The_catalogue_covers_every_layer_that_serves_and_the_reference()
    {
        DesignCatalogue.All.Select(d => d.Layer).Distinct().Should().BeEquivalentTo([0, 1, 2, 3, 5]);
        DesignCatalogue.All.Where(d => d.Layer == 5).SelectMany(d => d.Arguments).Should().Contain(["handoff", "shared-accept", "accept-lock", "epoll-exclusive", "reuseport"]);
    }

    [Fact]
    public void The_native_build_of_the_seeds_pool_runs_with_the_same_options_as_its_jit_build()
    {
        var jit = DesignCatalogue.All.Single(d => d.Name == "pooled-handoff-2x64");
        var native = DesignCatalogue.All.Single(d => d.NativeAot);

        native.Project.Should().Be(jit.Project);
        native.Arguments.Should().Equal(jit.Arguments);
        native.InKeepAlivePass.Should().BeTrue();
        jit.NativeAot.Should().BeFalse();
    }

    [Fact]
    public void Kestrel_is_measured_with_its_defaults_and_with_128_thread_pool_threads_from_the_start()
    {
        DesignCatalogue.All.Single(d => d.Name == DesignCatalogue.Reference).Environment.Should().BeEmpty();
        DesignCatalogue.All.Single(d => d.Name == "kestrel-min-threads-128").Environment
            .Should().Equal(new Dictionary<string, string> { ["DOTNET_ThreadPool_ForceMinWorkerThreads"] = "0x80" }, "the runtime reads it as hexadecimal");
    }

    [Fact]
    public void Every_worker_runtime_setting_is_a_variant_of_the_seeds_pool()
    {
        var jit = DesignCatalogue.All.Single(d => d.Name == "pooled-handoff-2x64");
        var variants = DesignCatalogue.All.Where(d => d.RuntimeVariant && d.Layer == 5).ToList();

        variants.SelectMany(d => d.Environment.Keys).Should().BeEquivalentTo(
            ["DOTNET_gcServer", "DOTNET_GCgen0size", "DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_GCHeapHardLimit"]);
        variants.Should().OnlyContain(d => d.Project == jit.Project && d.Arguments.SequenceEqual(jit.Arguments));
    }

    [Fact]
    public void The_AspNetCore_samples_text_and_json_endpoints_are_measured_on_the_pool_and_on_Kestrel_with_the_same_checks()
    {
        var rows = DesignCatalogue.All.Where(d => d.Project == "PooledMixIn.AspNetCore.Demo").ToList();

        rows.Select(d => (d.Arguments.Contains("kestrel"), d.Path)).Should().BeEquivalentTo(
            [(false, "/"), (false, "/json"), (true, "/"), (true, "/json")], "each endpoint on each server, in the same run");
        rows.Should().OnlyContain(d => d.ExpectedBody != null && d.InKeepAlivePass && !d.RuntimeVariant);
        rows.GroupBy(d => d.Path).Should().OnlyContain(g => g.Select(d => d.ExpectedBody).Distinct().Count() == 1,
            "both servers run the same app, so they must give the same answer");
    }

    [Fact]
    public void The_native_executable_is_published_beside_the_build_output()
    {
        RepositoryLayout.NativeExecutablePath("/repo/src/05-PooledMixIn/PooledMixIn.Demo/PooledMixIn.Demo.csproj", "Release")
            .Should().Be("/repo/src/05-PooledMixIn/PooledMixIn.Demo/bin/Release/native/PooledMixIn.Demo");
    }

    [Fact]
    public void A_layer_demo_is_found_under_its_numbered_folder_whatever_the_folder_is_called()
    {
        var project = CreateProject("src/02-Threading/PooledMixIn.Threading.Demo/PooledMixIn.Threading.Demo.csproj");
        var layout = new RepositoryLayout(_root);

        layout.FindProject(DesignCatalogue.All.First(d => d.Name == "threading")).Should().Be(project);
    }

    [Fact]
    public void A_layer_not_written_yet_has_no_project()
    {
        CreateProject("src/02-Threading/PooledMixIn.Threading.Demo/PooledMixIn.Threading.Demo.csproj");
        var layout = new RepositoryLayout(_root);

        layout.FindProject(DesignCatalogue.All.First(d => d.Layer == 5)).Should().BeNull();
    }

    [Fact]
    public void The_reference_server_lives_under_tests()
    {
        var project = CreateProject("tests/PooledMixIn.Benchmark.Kestrel/PooledMixIn.Benchmark.Kestrel.csproj");

        new RepositoryLayout(_root).FindProject(DesignCatalogue.All.First(d => d.Name == DesignCatalogue.Reference)).Should().Be(project);
    }

    [Fact]
    public void The_dll_is_where_dotnet_build_puts_it()
    {
        RepositoryLayout.AssemblyPath("/repo/src/01-Sockets/PooledMixIn.Sockets.Demo/PooledMixIn.Sockets.Demo.csproj", "Release")
            .Should().Be($"/repo/src/01-Sockets/PooledMixIn.Sockets.Demo/bin/Release/{RepositoryLayout.TargetFramework}/PooledMixIn.Sockets.Demo.dll");
        RepositoryLayout.TargetFramework.Should().MatchRegex(@"^net\d+\.\d+$");
    }

    [Fact]
    public void The_repository_is_found_from_the_test_output_folder()
    {
        File.Exists(Path.Combine(RepositoryLayout.Find().Root, RepositoryLayout.SolutionFile)).Should().BeTrue();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string CreateProject(string relativePath)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "<Project />");
        return path;
    }
}
