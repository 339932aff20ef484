using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

public sealed class HttpRequestTargetTests
{
    [Theory]
    [InlineData("/users/42?x=1&y=2", "/users/42", "x=1&y=2")]
    [InlineData("/a%20b/c", "/a b/c", "")]
    [InlineData("/search?", "/search", "")]
    [InlineData("http://example.test/p?q", "/p", "q")]
    [InlineData("http://example.test", "/", "")]
    [InlineData("HTTPS://example.test?q=1", "/", "q=1")]
    [InlineData("*", "*", "")]
    public void A_target_is_split_into_its_decoded_path_and_its_raw_query(string target, string path, string query)
    {
        var parsed = HttpRequestTarget.Parse(target);

        parsed.Path.Should().Be(path);
        parsed.Query.Should().Be(query);
    }

    [Fact]
    public void Query_parameters_are_decoded_as_forms_encode_them_in_order()
    {
        var parameters = HttpRequestTarget.Parse("/s?q=a+b%21&empty=&flag&q=2").GetQueryParameters();

        parameters.Should().Equal(
            new KeyValuePair<string, string>("q", "a b!"),
            new KeyValuePair<string, string>("empty", ""),
            new KeyValuePair<string, string>("flag", ""),
            new KeyValuePair<string, string>("q", "2"));
    }
}
