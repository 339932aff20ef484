namespace PooledMixIn.Benchmark.Reports;

/// <summary>
/// What one tutorial chapter's "Numbers" section shows from a suite run: its own layer's designs, the designs it is
/// compared with, and the comparisons its prose discusses, each computed from the run rather than typed.
/// </summary>
/// <param name="Layer">The chapter's layer; its include is <c>docs/includes/numbers-layer-N.md</c>.</param>
/// <param name="Baselines">Designs of other layers the chapter's table shows beside its own.</param>
/// <param name="Comparisons">Pairs the chapter's prose discusses: the first design's throughput over the second's.</param>
internal sealed record ChapterNumbers(int Layer, IReadOnlyList<string> Baselines, IReadOnlyList<(string Design, string Baseline)> Comparisons)
{
    #region chapter-numbers
    public static IReadOnlyList<ChapterNumbers> All { get; } =
    [
        new(1, ["threading", "kestrel"], [("serial", "threading"), ("serial", "kestrel")]),
        new(2, ["serial", "kestrel"], [("threading", "serial"), ("prethreaded-128", "threading"), ("prethreaded-128", "kestrel")]),
        new(3, ["threading", "pooled-handoff-2x64", "kestrel"],
            [("preforked-4", "threading"), ("preforked-4", "kestrel"), ("preforked-2x64", "pooled-handoff-2x64")]),
        new(5, ["threading", "preforked-4", "kestrel", "kestrel-min-threads-128"],
            [
                ("pooled-handoff-2x64", "threading"),       // the seed's claim: twice a thread per connection
                ("pooled-handoff-2x64", "kestrel"),
                ("pooled-handoff-2x8", "pooled-handoff-2x64"),
                ("pooled-shared-accept-2x64", "pooled-shared-accept-2x8"),
                ("pooled-handoff-2x64", "preforked-4"),
                ("pooled-event-2x64", "pooled-handoff-2x64"), // the price of parking connections
                ("pooled-handoff-2x64-aot", "pooled-handoff-2x64"),
                ("pooled-handoff-2x64", "kestrel-min-threads-128"),
            ]),
    ];
    #endregion

    /// <summary>Whether the chapter's table has a row for this design: its layer's own, and its baselines.</summary>
    /// <remarks>Runtime-setting variants of a design belong to the results chapter, not to a layer's.</remarks>
    public bool Shows(Servers.ServerDesign design) =>
        (design.Layer == Layer && !design.RuntimeVariant) || Baselines.Contains(design.Name, StringComparer.Ordinal);
}
