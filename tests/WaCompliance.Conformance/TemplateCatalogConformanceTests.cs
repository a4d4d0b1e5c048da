using WaCompliance.Templates;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="ITemplateCatalog"/>.</summary>
public abstract class TemplateCatalogConformanceTests : StoreConformanceBase<ITemplateCatalog>
{
    /// <summary>A realistic marketing template with every kind of component.</summary>
    /// <returns>The template.</returns>
    protected static MessageTemplate SpringSale() => new()
    {
        Name = "spring_sale",
        Language = "en_US",
        Category = TemplateCategory.Marketing,
        Status = TemplateStatus.Approved,
        Quality = TemplateQuality.Green,
        ParameterFormat = TemplateParameterFormat.Positional,
        Header = new TemplateHeader(TemplateHeaderFormat.Text, "Spring sale, {{1}}!") { Example = "Aroha" },
        Body = "Hi {{1}}, our spring sale starts today: {{2}} off everything. Reply STOP to opt out.",
        Footer = "Acme Ltd, 1 Queen St, Auckland",
        Buttons =
        [
            new TemplateButton(TemplateButtonType.QuickReply, "Show me"),
            new TemplateButton(TemplateButtonType.QuickReply, "Not now"),
            new TemplateButton(TemplateButtonType.Url, "Shop now") { Url = "https://acme.example/sale/{{1}}", Example = "spring" },
            new TemplateButton(TemplateButtonType.PhoneNumber, "Call us") { PhoneNumber = "+6491234567" },
            new TemplateButton(TemplateButtonType.CopyCode, "Copy code") { Example = "SPRING25" },
        ],
        BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "25%" },
        ProviderTemplateId = "HX0123456789abcdef0123456789abcdef",
    };

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(new TemplateKey("missing", "en")));
    }

    [Fact]
    public async Task Upsert_ThenGet_RoundTripsEveryComponent()
    {
        var stored = await Store.UpsertAsync(SpringSale());
        var read = await Store.GetAsync(new TemplateKey("spring_sale", "en_US"));

        Assert.NotNull(read);
        Assert.Equal(StoreTestContext.Start, stored.UpdatedAt);
        Assert.Equal(stored.Header, read.Header);
        Assert.Equal(stored.Body, read.Body);
        Assert.Equal(stored.Footer, read.Footer);
        Assert.Equal(stored.Buttons, read.Buttons);
        Assert.Equal(stored.BodyExamples!.OrderBy(p => p.Key), read.BodyExamples!.OrderBy(p => p.Key));
        Assert.Equal(
            (stored.Category, stored.Status, stored.Quality, stored.ParameterFormat, stored.ProviderTemplateId, stored.UpdatedAt),
            (read.Category, read.Status, read.Quality, read.ParameterFormat, read.ProviderTemplateId, read.UpdatedAt));
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Upsert_HostileTextInEveryComponent_RoundTripsExactly(string text)
    {
        var template = SpringSale() with
        {
            Header = new TemplateHeader(TemplateHeaderFormat.Text, text + " {{1}}") { Example = text },
            Body = text + " {{1}} {{2}}",
            Footer = text,
            Buttons = [new TemplateButton(TemplateButtonType.QuickReply, text), new TemplateButton(TemplateButtonType.CopyCode, "Copy") { Example = text }],
            BodyExamples = new Dictionary<string, string> { ["1"] = text, ["2"] = text },
            ProviderTemplateId = text,
        };
        var stored = await Store.UpsertAsync(template);
        await Store.UpdateStatusAsync(stored.Key, new TemplateStatusUpdate(TemplateStatus.Paused, StoreTestContext.Start.AddHours(1)) { Reason = text });

        var read = await Store.GetAsync(stored.Key);

        Assert.NotNull(read);
        Assert.Equal(stored.Header, read.Header);
        Assert.Equal(stored.Body, read.Body);
        Assert.Equal(stored.Footer, read.Footer);
        Assert.Equal(stored.Buttons, read.Buttons);
        Assert.Equal(stored.BodyExamples!.OrderBy(p => p.Key), read.BodyExamples!.OrderBy(p => p.Key));
        Assert.Equal((text, text), (read.ProviderTemplateId, read.StatusReason));
    }

    [Theory]
    [InlineData("en-us")]
    [InlineData("EN_us")]
    [InlineData("en_US")]
    public async Task Get_LanguageWrittenDifferently_FindsTheSameTemplate(string language)
    {
        await Store.UpsertAsync(SpringSale());

        Assert.NotNull(await Store.GetAsync(new TemplateKey("spring_sale", language)));
    }

    [Fact]
    public async Task Upsert_SameKeyAgain_Replaces()
    {
        await Store.UpsertAsync(SpringSale());
        Context.Time.Advance(TimeSpan.FromHours(1));
        await Store.UpsertAsync(SpringSale() with { Body = "Hi {{1}}, the sale ends soon: {{2}} off. Reply STOP to opt out.", UpdatedAt = null });

        var all = await Store.ListAsync();

        var template = Assert.Single(all);
        Assert.StartsWith("Hi {{1}}, the sale ends soon", template.Body, StringComparison.Ordinal);
        Assert.Equal(StoreTestContext.Start.AddHours(1), template.UpdatedAt);
    }

    [Fact]
    public async Task List_IsOrderedByNameThenLanguage()
    {
        await Store.UpsertAsync(SpringSale() with { Name = "welcome", Language = "mi" });
        await Store.UpsertAsync(SpringSale() with { Name = "welcome", Language = "en" });
        await Store.UpsertAsync(SpringSale() with { Name = "order_shipped", Category = TemplateCategory.Utility });

        var keys = (await Store.ListAsync()).Select(t => $"{t.Name}/{t.Language}");

        Assert.Equal(["order_shipped/en_US", "welcome/en", "welcome/mi"], keys);
    }

    [Fact]
    public async Task UpdateStatus_Paused_ChangesStatusQualityAndReason()
    {
        await Store.UpsertAsync(SpringSale());
        var at = StoreTestContext.Start.AddHours(2);

        var updated = await Store.UpdateStatusAsync(new TemplateKey("spring_sale", "en_US"),
            new TemplateStatusUpdate(TemplateStatus.Paused, at) { Quality = TemplateQuality.Red, Reason = "Low quality" });
        var read = await Store.GetAsync(new TemplateKey("spring_sale", "en_US"));

        Assert.Equal(TemplateStatus.Paused, read!.Status);
        Assert.Equal(TemplateQuality.Red, read.Quality);
        Assert.Equal("Low quality", read.StatusReason);
        Assert.Equal(at, read.UpdatedAt);
        Assert.Equal(updated!.Status, read.Status);
    }

    [Fact]
    public async Task UpdateStatus_Recategorized_TakesTheNewCategory()
    {
        await Store.UpsertAsync(SpringSale() with { Category = TemplateCategory.Utility });

        await Store.UpdateStatusAsync(new TemplateKey("spring_sale", "en_US"),
            new TemplateStatusUpdate(TemplateStatus.Approved, StoreTestContext.Start.AddHours(1)) { Category = TemplateCategory.Marketing });

        Assert.Equal(TemplateCategory.Marketing, (await Store.GetAsync(new TemplateKey("spring_sale", "en_US")))!.Category);
    }

    [Fact]
    public async Task UpdateStatus_OlderThanTheLastChange_IsIgnored()
    {
        await Store.UpsertAsync(SpringSale());
        await Store.UpdateStatusAsync(new TemplateKey("spring_sale", "en_US"), new TemplateStatusUpdate(TemplateStatus.Paused, StoreTestContext.Start.AddHours(2)));

        await Store.UpdateStatusAsync(new TemplateKey("spring_sale", "en_US"), new TemplateStatusUpdate(TemplateStatus.Approved, StoreTestContext.Start.AddHours(1)));

        Assert.Equal(TemplateStatus.Paused, (await Store.GetAsync(new TemplateKey("spring_sale", "en_US")))!.Status);
    }

    [Fact]
    public async Task UpdateStatus_UnknownTemplate_ReturnsNull()
    {
        Assert.Null(await Store.UpdateStatusAsync(new TemplateKey("missing", "en"), new TemplateStatusUpdate(TemplateStatus.Approved, StoreTestContext.Start)));
    }

    [Fact]
    public async Task Remove_DeletesAndReportsWhetherItExisted()
    {
        await Store.UpsertAsync(SpringSale());

        Assert.True(await Store.RemoveAsync(new TemplateKey("spring_sale", "en-US")));
        Assert.False(await Store.RemoveAsync(new TemplateKey("spring_sale", "en-US")));
        Assert.Empty(await Store.ListAsync());
    }

    [Fact]
    public async Task Upsert_WithoutBody_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync(SpringSale() with { Body = null! }).AsTask());
    }
}
