namespace PooledMixIn.Benchmark.Reports;

/// <summary>One column of the results table, shared by the console and markdown reports so they always agree.</summary>
/// <param name="Header">The column's heading.</param>
/// <param name="Cell">The cell's text for a measured design.</param>
/// <param name="AlignRight">Numbers are right-aligned.</param>
internal sealed record ReportColumn(string Header, Func<Suite.SuiteReport, Suite.DesignResult, string> Cell, bool AlignRight = true);
