namespace PooledMixIn.LibraryExample;

/// <summary>The answer of <c>/visits</c>: the count, and which process answered.</summary>
/// <param name="Visits">Visits counted by every worker; after a POST, the number of this one.</param>
/// <param name="Pid">The worker process that answered.</param>
internal sealed record VisitCount(long Visits, int Pid);
