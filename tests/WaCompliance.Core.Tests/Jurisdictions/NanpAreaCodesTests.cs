using PhoneNumbers;
using WaCompliance.Jurisdictions;

namespace WaCompliance.Tests.Jurisdictions;

/// <summary>Keeps the generated area-code table in step with libphonenumber's metadata and geocoder.</summary>
public sealed class NanpAreaCodesTests
{
    // Area codes the geocoder describes as several provinces at once ("Nova Scotia/Prince Edward Island").
    private static readonly HashSet<int> s_sharedByProvinces = [782, 867, 902];

    private static readonly Dictionary<string, string> s_names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL", ["Alaska"] = "AK", ["Arizona"] = "AZ", ["Arkansas"] = "AR", ["California"] = "CA", ["Colorado"] = "CO",
        ["Connecticut"] = "CT", ["Delaware"] = "DE", ["Florida"] = "FL", ["Georgia"] = "GA", ["Hawaii"] = "HI", ["Idaho"] = "ID",
        ["Illinois"] = "IL", ["Indiana"] = "IN", ["Iowa"] = "IA", ["Kansas"] = "KS", ["Kentucky"] = "KY", ["Louisiana"] = "LA",
        ["Maine"] = "ME", ["Maryland"] = "MD", ["Massachusetts"] = "MA", ["Michigan"] = "MI", ["Minnesota"] = "MN",
        ["Mississippi"] = "MS", ["Missouri"] = "MO", ["Montana"] = "MT", ["Nebraska"] = "NE", ["Nevada"] = "NV",
        ["New Hampshire"] = "NH", ["New Jersey"] = "NJ", ["New Mexico"] = "NM", ["New York"] = "NY", ["North Carolina"] = "NC",
        ["North Dakota"] = "ND", ["Ohio"] = "OH", ["Oklahoma"] = "OK", ["Oregon"] = "OR", ["Pennsylvania"] = "PA",
        ["Rhode Island"] = "RI", ["South Carolina"] = "SC", ["South Dakota"] = "SD", ["Tennessee"] = "TN", ["Texas"] = "TX",
        ["Utah"] = "UT", ["Vermont"] = "VT", ["Virginia"] = "VA", ["Washington State"] = "WA", ["Washington D.C."] = "DC",
        ["West Virginia"] = "WV", ["Wisconsin"] = "WI", ["Wyoming"] = "WY", ["Alberta"] = "AB", ["British Columbia"] = "BC",
        ["British Colombia"] = "BC", ["Manitoba"] = "MB", ["New Brunswick"] = "NB", ["Newfoundland and Labrador"] = "NL",
        ["Nova Scotia"] = "NS", ["Ontario"] = "ON", ["Prince Edward Island"] = "PE", ["Quebec"] = "QC", ["Saskatchewan"] = "SK",
    };

    [Fact]
    public void Table_RegionOfEveryAreaCode_MatchesLibphonenumber()
    {
        var util = PhoneNumberUtil.GetInstance();
        var checkedCount = 0;
        for (var areaCode = 200; areaCode < 1000; areaCode++)
        {
            for (var exchange = 201; exchange < 1000; exchange += 37)
            {
                var number = Nanp(areaCode, exchange);
                if (util.GetNumberType(number) == PhoneNumberType.UNKNOWN)
                {
                    continue;
                }

                Assert.Equal(util.GetRegionCodeForNumber(number), NanpAreaCodes.RegionOf(areaCode));
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 4000, $"only {checkedCount} numbers checked");
    }

    [Fact]
    public void Table_StateOfEveryAreaCode_MatchesTheGeocoder()
    {
        var util = PhoneNumberUtil.GetInstance();
        var geocoder = PhoneNumberOfflineGeocoder.GetInstance();
        foreach (var areaCode in NanpAreaCodes.AreaCodes())
        {
            var subdivision = NanpAreaCodes.SubdivisionOf(areaCode);
            if (s_sharedByProvinces.Contains(areaCode))
            {
                Assert.Null(subdivision);
                continue;
            }

            var votes = new Dictionary<string, int>();
            for (var exchange = 201; exchange < 1000; exchange += 13)
            {
                var number = Nanp(areaCode, exchange);
                if (util.GetNumberType(number) != PhoneNumberType.UNKNOWN
                    && StateOf(geocoder.GetDescriptionForNumber(number, Locale.English)) is { } state)
                {
                    votes[state] = votes.GetValueOrDefault(state) + 1;
                }
            }

            if (votes.Count == 0)
            {
                continue;
            }

            var region = NanpAreaCodes.RegionOf(areaCode);
            if (votes.Count > 1 || region is not ("US" or "CA"))
            {
                Assert.True(subdivision is null || votes.Count == 1, $"area code {areaCode} spans {string.Join(", ", votes.Keys)} but the table says {subdivision}");
                continue;
            }

            Assert.Equal($"{region}-{votes.Keys.Single()}", subdivision);
        }
    }

    private static PhoneNumber Nanp(int areaCode, int exchange) =>
        new PhoneNumber.Builder().SetCountryCode(1).SetNationalNumber((ulong)((areaCode * 10_000_000L) + (exchange * 10_000L) + 4567)).Build();

    private static string? StateOf(string description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        if (s_names.TryGetValue(description, out var code))
        {
            return code;
        }

        var comma = description.LastIndexOf(", ", StringComparison.Ordinal);
        return comma > 0 && description.Length - comma - 2 == 2 ? description[(comma + 2)..] : null;
    }
}
