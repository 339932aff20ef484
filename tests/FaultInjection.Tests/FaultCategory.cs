namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// The trait every test here carries, so the suite runs alone (<c>dotnet test --filter Category=FaultInjection</c>)
/// or is left out (<c>--filter Category!=FaultInjection</c>).
/// </summary>
internal static class FaultCategory
{
    public const string Name = "Category";

    public const string Value = "FaultInjection";
}
