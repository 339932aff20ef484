namespace PooledMixIn.Docs.Tests;

/// <summary>
/// The scanner and checker on small made-up articles and sources, so that each kind of broken reference is shown to
/// be caught (a check that passes on the real docs proves nothing unless it can fail).
/// </summary>
public sealed class CheckerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("docs-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_code_reference_with_a_region_is_found_with_its_path_and_region()
    {
        var references = Scan("Text [!code-csharp[](../src/Server.cs#serve-forever)] more text.");

        references.Should().ContainSingle().Which.Should().Match<DocReference>(r =>
            r.Kind == DocReferenceKind.Code && r.Target == "../src/Server.cs" && r.Region == "serve-forever" && r.Line == 1);
    }

    [Fact]
    public void A_name_query_and_a_tooltip_are_understood()
    {
        var references = Scan("[!code-csharp[Main](src/Program.cs?name=demo-main&highlight=2 \"Program.cs\")]");

        references.Should().ContainSingle().Which.Region.Should().Be("demo-main");
    }

    [Fact]
    public void A_line_range_is_read_as_a_range_not_a_region()
    {
        var references = Scan("[!code-csharp[](a.cs#L3-L7)]");

        var reference = references.Should().ContainSingle().Which;
        reference.Region.Should().BeNull();
        reference.LineRange.Should().Be((3, 7));
    }

    [Fact]
    public void An_include_is_found_in_any_letter_case()
    {
        var references = Scan("[!INCLUDE [results](../includes/a.md)]\n[!include[](b.md)]");

        references.Select(r => (r.Kind, r.Target)).Should().Equal(
            (DocReferenceKind.Include, "../includes/a.md"), (DocReferenceKind.Include, "b.md"));
    }

    [Fact]
    public void References_shown_inside_fenced_code_blocks_are_not_checked()
    {
        var references = Scan("```markdown\n[!code-csharp[](missing.cs#nope)]\n```\n[!code-csharp[](real.cs#yes)]");

        references.Should().ContainSingle().Which.Target.Should().Be("real.cs");
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var problem = Check("[!code-csharp[](nowhere.cs#region-a)]");

        problem.Should().Contain("does not exist");
    }

    [Fact]
    public void A_misspelled_region_is_reported()
    {
        Source("Server.cs", "class A\n{\n    #region serve-forever\n    void M() { }\n    #endregion\n}\n");

        var problem = Check("[!code-csharp[](Server.cs#serve-forver)]");

        problem.Should().Contain("no '#region serve-forver'");
    }

    [Fact]
    public void A_region_holding_only_blank_lines_and_nested_markers_is_reported_empty()
    {
        Source("Server.cs", "#region outer\n\n    #region inner\n   \n    #endregion\n#endregion\n");

        var problem = Check("[!code-csharp[](Server.cs#outer)]");

        problem.Should().Contain("is empty");
    }

    [Fact]
    public void A_region_with_code_is_sound_even_with_a_nested_region_inside()
    {
        Source("Server.cs", "#region outer\nint a;\n#region inner\nint b;\n#endregion\nint c;\n#endregion\n");

        Check("[!code-csharp[](Server.cs#outer)]").Should().BeNull();
        Check("[!code-csharp[](Server.cs#inner)]").Should().BeNull();
    }

    [Fact]
    public void A_region_name_is_matched_whole_not_as_a_prefix()
    {
        Source("Server.cs", "#region serve-forever-loop\nint a;\n#endregion\n");

        Check("[!code-csharp[](Server.cs#serve-forever)]").Should().NotBeNull();
    }

    [Fact]
    public void A_region_opened_twice_or_never_closed_is_reported()
    {
        Source("Twice.cs", "#region a\nint x;\n#endregion\n#region a\nint y;\n#endregion\n");
        Source("Open.cs", "#region a\nint x;\n");

        Check("[!code-csharp[](Twice.cs#a)]").Should().Contain("opened 2 times");
        Check("[!code-csharp[](Open.cs#a)]").Should().Contain("never closed");
    }

    [Fact]
    public void Snippet_tags_are_accepted_like_regions()
    {
        Source("run.sh", "echo before\n// <demo>\necho inside\n// </demo>\n");

        Check("[!code-bash[](run.sh#demo)]").Should().BeNull();
    }

    [Fact]
    public void A_line_range_past_the_end_of_the_file_is_reported()
    {
        Source("Short.cs", "int a;\nint b;\n");

        Check("[!code-csharp[](Short.cs#L2-L9)]").Should().Contain("not within");
    }

    [Fact]
    public void An_empty_included_file_is_reported()
    {
        Source("empty.md", "\n\n");

        Check("[!INCLUDE [x](empty.md)]").Should().Contain("is empty");
    }

    private IReadOnlyList<DocReference> Scan(string markdown) =>
        DocReferenceScanner.Scan(Path.Combine(_folder, "article.md"), markdown);

    private string? Check(string markdown) => DocReferenceChecker.Problem(Scan(markdown).Single());

    private void Source(string name, string text) => File.WriteAllText(Path.Combine(_folder, name), text);
}
