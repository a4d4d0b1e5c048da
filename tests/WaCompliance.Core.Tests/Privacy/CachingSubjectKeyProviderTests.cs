using System.Globalization;
using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance.Tests.Privacy;

public sealed class CachingSubjectKeyProviderTests
{
    private static WhatsAppNumber Person(int i) =>
        WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + i}"));

    [Fact]
    public void Keys_are_those_of_the_inner_provider_and_each_is_computed_once()
    {
        var inner = new CountingProvider();
        var cache = new CachingSubjectKeyProvider(inner, capacity: 100);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal(inner.Hmac.GetKey(Person(i)), cache.GetKey(Person(i)));
            }
        }

        Assert.Equal(50, inner.Calls);
    }

    [Fact]
    public void A_working_set_just_over_the_capacity_does_not_recompute_every_key()
    {
        // Regression: the cache used to start over when full, so cycling through capacity + 1 people missed every time.
        var inner = new CountingProvider();
        var cache = new CachingSubjectKeyProvider(inner, capacity: 100);

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 101; i++)
            {
                cache.GetKey(Person(i));
            }
        }

        // Each rotation of generations may drop the odd straggler; starting over would have cost 505 computations.
        Assert.InRange(inner.Calls, 101, 110);
    }

    [Fact]
    public void Memory_stays_bounded_when_everyone_is_new()
    {
        var inner = new CountingProvider();
        var cache = new CachingSubjectKeyProvider(inner, capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            cache.GetKey(Person(i));
        }

        // The first people are long gone from both generations: asking again computes again.
        cache.GetKey(Person(0));
        Assert.Equal(1_001, inner.Calls);
    }

    [Fact]
    public async Task Concurrent_callers_all_get_the_right_keys()
    {
        var inner = new CountingProvider();
        var cache = new CachingSubjectKeyProvider(inner, capacity: 64);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var person = Person((i * 7 + t) % 300);
                Assert.Equal(inner.Hmac.GetKey(person), cache.GetKey(person));
            }
        })));
    }

    private sealed class CountingProvider : ISubjectKeyProvider
    {
        private int _calls;

        public HmacSubjectKeyProvider Hmac { get; } = new("caching-test-pepper-0123456789abcdef");

        public int Calls => _calls;

        public SubjectKey GetKey(WaCompliance.Identities.WhatsAppIdentifier number)
        {
            Interlocked.Increment(ref _calls);
            return Hmac.GetKey(number);
        }
    }
}
