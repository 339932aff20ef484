using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

public class BuildErrorsTests
{
    [Fact]
    public void Build_errors_are_shown_once_each_without_their_paths()
    {
        const string Output = """
            /usr/share/dotnet/sdk/10.0.401/Microsoft.Common.CurrentVersion.targets(5096,5): error MSB3030: Could not copy the file "a.dll" because it was not found. [/work/main/src/05-PooledMixIn/PooledMixIn.Demo/PooledMixIn.Demo.csproj]
            /usr/share/dotnet/sdk/10.0.401/Microsoft.Common.CurrentVersion.targets(5096,5): error MSB3030: Could not copy the file "a.dll" because it was not found. [/work/main/src/05-PooledMixIn/PooledMixIn.Demo/PooledMixIn.Demo.csproj]
            /work/main/src/05-PooledMixIn/PooledMixIn.Demo/Program.cs(3,1): error CS1002: ; expected [/work/main/src/05-PooledMixIn/PooledMixIn.Demo/PooledMixIn.Demo.csproj]
            Build FAILED.
            """;

        SuiteRunner.BuildErrors(Output).Should().Be("""error MSB3030: Could not copy the file "a.dll" because it was not found. | error CS1002: ; expected""");
    }

    [Fact]
    public void A_failed_build_without_error_lines_says_so()
    {
        SuiteRunner.BuildErrors("Build FAILED.\n").Should().Contain("no error text");
    }
}
