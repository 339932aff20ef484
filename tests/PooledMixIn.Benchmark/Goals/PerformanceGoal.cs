namespace PooledMixIn.Benchmark.Goals;

/// <summary>One of the performance goals the project set itself (issue 15), and how a run is judged against it.</summary>
/// <param name="Statement">The goal, as the report states it.</param>
/// <param name="Judge">Its verdict on a run.</param>
internal sealed record PerformanceGoal(string Statement, Func<SavedRun, GoalVerdict> Judge);
