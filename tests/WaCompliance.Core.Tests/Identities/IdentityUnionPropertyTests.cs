using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Identities;

/// <summary>
/// The consent state of a linked person does not depend on when links arrive relative to consent events: links and
/// records are facts, and the union is computed from all of them. (The order consent events are recorded in is itself
/// a fact the state rests on: an opt-out recorded later beats an opt-in recorded earlier; see ConsentTimeOrderingTests.)
/// </summary>
public sealed class IdentityUnionPropertyTests
{
    private static readonly WhatsAppIdentifier[] s_people =
    [
        WhatsAppNumber.Parse("+5511987654321"),
        BusinessScopedUserId.Parse("BR.7712093455123009"),
        BusinessScopedUserId.Parse("BR.ENT.5531200098871234"),
        WhatsAppNumber.Parse("+64211234567"),
        BusinessScopedUserId.Parse("NZ.4455"),
    ];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task AnyOrderOfLinksAndEvents_GivesTheSameConsentState(int seed)
    {
        var random = new Random(seed);
        var events = new List<Func<ComplianceHarness, Task>>();
        var eventCount = random.Next(2, 7);
        for (var i = 0; i < eventCount; i++)
        {
            var who = s_people[random.Next(s_people.Length)];
            var minutes = (eventCount - i) * 10; // distinct capture times, in the order recorded
            var action = random.Next(3);
            var purpose = random.Next(2) == 0 ? ConsentPurpose.Marketing : ConsentPurpose.All;
            events.Add(h => h.Ledger.RecordAsync(action switch
            {
                0 => ConsentEvent.OptOut(who, purpose, ConsentMethod.Keyword) with { CapturedAt = Start.AddMinutes(-minutes) },
                1 => ConsentEvent.OptIn(who, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes, WhatsApp offers from Acme Ltd", "v1")) with
                {
                    CapturedAt = Start.AddMinutes(-minutes),
                    ConsentType = ConsentType.ExpressWritten,
                },
                _ => ConsentEvent.OptIn(who, ConsentPurpose.Marketing, ConsentMethod.Import) with { CapturedAt = Start.AddMinutes(-minutes), ConsentType = ConsentType.Implied },
            }).AsTask());
        }

        var links = new List<Func<ComplianceHarness, Task>>();
        var linkCount = random.Next(1, 5);
        for (var i = 0; i < linkCount; i++)
        {
            var a = s_people[random.Next(s_people.Length)];
            var b = s_people[random.Next(s_people.Length)];
            if (a == b)
            {
                continue;
            }

            var reason = random.Next(4) == 0 ? IdentityLinkReason.NumberChanged : IdentityLinkReason.SameEvent;
            var revoke = random.Next(5) == 0;
            links.Add(async h =>
            {
                await h.Links.LinkAsync(new IdentityLink { First = a, Second = b, Reason = reason, Source = "test", LinkedAt = Start });
                if (revoke)
                {
                    await h.Links.RevokeAsync(a, b, Start);
                }
            });
        }

        var baseline = await StatesAsync([.. events, .. links]);
        for (var permutation = 0; permutation < 6; permutation++)
        {
            Assert.Equal(baseline, await StatesAsync(Interleave(events, links.OrderBy(_ => random.Next()).ToList(), random)));
        }
    }

    /// <summary>The events in their order, with the links put between them at random places.</summary>
    private static List<Func<ComplianceHarness, Task>> Interleave(List<Func<ComplianceHarness, Task>> events, List<Func<ComplianceHarness, Task>> links, Random random)
    {
        var steps = new List<Func<ComplianceHarness, Task>>(events);
        foreach (var link in links)
        {
            steps.Insert(random.Next(steps.Count + 1), link);
        }

        return steps;
    }

    [Fact]
    public async Task ALinkNeverLiftsAnOptOut_AndAnUnlinkNeverDoes()
    {
        foreach (var linkFirst in new[] { true, false })
        {
            await using var h = new ComplianceHarness();
            var phone = s_people[0];
            var user = s_people[1];
            async Task Link() => await h.Links.LinkAsync(new IdentityLink { First = phone, Second = user, Reason = IdentityLinkReason.SameEvent, Source = "test", LinkedAt = Start });
            if (linkFirst)
            {
                await Link();
            }

            await h.Ledger.RecordAsync(ConsentEvent.OptOut(phone, ConsentPurpose.All, ConsentMethod.Keyword) with { CapturedAt = Start.AddHours(-2) });
            await h.Ledger.RecordAsync(ConsentEvent.OptIn(user, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes", "v1")) with { CapturedAt = Start.AddHours(-1) });
            if (!linkFirst)
            {
                await Link();
            }

            Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(phone, ConsentPurpose.Marketing)).Status);
            Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(user, ConsentPurpose.Marketing)).Status);
            await h.Links.RevokeAsync(phone, user, Start);
            Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(user, ConsentPurpose.Marketing)).Status);
        }
    }

    private static async Task<string> StatesAsync(IReadOnlyList<Func<ComplianceHarness, Task>> steps)
    {
        await using var h = new ComplianceHarness();
        foreach (var step in steps)
        {
            await step(h);
        }

        var states = new List<string>();
        foreach (var person in s_people)
        {
            var state = await h.Ledger.GetStateAsync(person, ConsentPurpose.Marketing);
            states.Add($"{person.Kind}:{state.Status}:{state.Record?.CapturedAt:O}");
        }

        return string.Join("|", states);
    }
}
