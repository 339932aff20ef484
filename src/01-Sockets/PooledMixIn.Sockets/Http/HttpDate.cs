using System.Globalization;

namespace PooledMixIn.Sockets.Http;

/// <summary>The <c>Date</c> header's value, formatted at most once a second rather than once per response.</summary>
internal static class HttpDate
{
    // One immutable object swapped as a whole, so concurrent readers never see a torn pair.
    private static Stamp s_stamp = new(0, "");

    public static string Now
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            var stamp = Volatile.Read(ref s_stamp);
            if (stamp.Second != second)
            {
                stamp = new Stamp(second, now.ToString("r", CultureInfo.InvariantCulture));
                Volatile.Write(ref s_stamp, stamp);
            }

            return stamp.Text;
        }
    }

    private sealed record Stamp(long Second, string Text);
}
