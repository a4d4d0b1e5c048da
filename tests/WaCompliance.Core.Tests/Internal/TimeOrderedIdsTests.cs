using WaCompliance.Internal;

namespace WaCompliance.Tests.Internal;

public sealed class TimeOrderedIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 4, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void Ids_are_version_7_with_the_rfc_variant_and_carry_the_millisecond()
    {
        var id = TimeOrderedIds.New(At);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var hex = id.ToString("N");
        Assert.Equal(At.ToUnixTimeMilliseconds(), Convert.ToInt64(hex[..12], 16));
    }

    [Fact]
    public void Ids_sort_like_the_instants_they_were_made_for()
    {
        var earlier = TimeOrderedIds.New(At);
        var later = TimeOrderedIds.New(At.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")) < 0);
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_are_distinct() =>
        Assert.Equal(100_000, Enumerable.Range(0, 100_000).Select(_ => TimeOrderedIds.New(At)).Distinct().Count());
}
