using static WaCompliance.Providers.Dialog360.Tests.Specs.MetaSendMessageSchema;

namespace WaCompliance.Providers.Dialog360.Tests.Specs;

/// <summary>
/// Proves the request schema is loaded from the spec, that each in-memory correction is needed (the published
/// schema rejects what Meta documents), and that the corrected schema still rejects bad bodies.
/// </summary>
public sealed class MetaSchemaTests
{
    private const string Text = """{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"text","text":{"body":"hi","preview_url":false}}""";

    private const string TemplateWithButton0 =
        """{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"template","template":{"name":"t","language":{"policy":"deterministic","code":"en"},"components":[{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"x"}]}]}}""";

    private const string TemplateWithCopyCode =
        """{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"template","template":{"name":"t","language":{"policy":"deterministic","code":"en"},"components":[{"type":"button","sub_type":"copy_code","index":"1","parameters":[{"type":"coupon_code","coupon_code":"SAVE10"}]}]}}""";

    [Fact]
    public void The_spec_file_is_the_unmodified_published_copy()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(SpecPath)));

        Assert.Equal("c7148d5e2aeff32f2effc3d3557795d7eddd07abf8b017c9e40e86bb3312c116", hash);
    }

    [Fact]
    public void The_request_schema_is_the_send_message_operation_and_the_schemas_it_references()
    {
        Assert.Equal("sendMessage", Spec["paths"]!["/{Version}/{Phone-Number-ID}/messages"]!["post"]!["operationId"]!.GetValue<string>());
        Assert.Contains("Message", SchemaNames);
        Assert.Contains("TextMessage", SchemaNames);
        Assert.Contains("TemplateComponent", SchemaNames);
        Assert.Contains("InteractiveObject", SchemaNames);
    }

    [Fact]
    public void The_published_schema_rejects_even_its_own_text_example_because_of_additionalProperties_inside_allOf()
    {
        var example = Examples()["Send Text Message"];

        Assert.NotEmpty(Validate(Correction.None, example));
        Assert.Empty(Validate(Correction.AllOfClosedBranch, example));
    }

    [Fact]
    public void The_published_button_index_pattern_rejects_index_0_and_the_correction_accepts_it()
    {
        Assert.Contains(Validate(Correction.AllOfClosedBranch | Correction.CopyCodeSubType | Correction.RecipientField, TemplateWithButton0), e => e.Contains("pattern", StringComparison.Ordinal));
        Assert.Empty(Validate(TemplateWithButton0));
    }

    [Fact]
    public void The_published_sub_types_lack_copy_code_and_the_correction_adds_it()
    {
        Assert.Contains(Validate(Correction.AllOfClosedBranch | Correction.ButtonIndexPattern | Correction.RecipientField, TemplateWithCopyCode), e => e.Contains("enum", StringComparison.Ordinal));
        Assert.Empty(Validate(TemplateWithCopyCode));
    }

    private const string TextToUserId =
        """{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"BR.7712093455123009","type":"text","text":{"body":"hi","preview_url":false}}""";

    [Fact]
    public void The_stored_schema_lacks_recipient_and_the_extension_adds_it()
    {
        var withoutExtension = Correction.All & ~Correction.RecipientField;

        Assert.NotEmpty(Validate(withoutExtension, TextToUserId));
        Assert.Empty(Validate(TextToUserId));
        Assert.Empty(Validate(
            """{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"BR.ENT.5531200098871234","type":"template","template":{"name":"order_update","language":{"policy":"deterministic","code":"pt_BR"}}}"""));
    }

    [Fact]
    public void The_stored_schema_lacks_biz_opaque_callback_data_on_messages_and_the_extension_adds_it_up_to_512_characters()
    {
        const string WithReference =
            """{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","biz_opaque_callback_data":"wac_0123456789abcdef0123456789abcdef","type":"text","text":{"body":"hi"}}""";

        Assert.NotEmpty(Validate(Correction.All & ~Correction.CallbackDataField, WithReference));
        Assert.Empty(Validate(WithReference));
        Assert.NotEmpty(Validate(WithReference.Replace("wac_0123456789abcdef0123456789abcdef", new string('x', 513), StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","recipient":"BR.7712093455123009","type":"text","text":{"body":"hi"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","type":"text","text":{"body":"hi"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"br.7712093455123009","type":"text","text":{"body":"hi"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"BR.7712-0934","type":"text","text":{"body":"hi"}}""")]
    public void The_extended_schema_takes_exactly_one_of_to_and_a_well_formed_recipient(string body)
    {
        Assert.NotEmpty(Validate(body));
    }

    [Fact]
    public void The_corrected_schema_accepts_a_plain_text_message()
    {
        Assert.Empty(Validate(Text));
    }

    [Theory]
    [InlineData("""{"recipient_type":"individual","to":"64211234567","type":"text","text":{"body":"hi"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"text","text":{"body":"hi"},"biz_extra":1}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"person","to":"64211234567","type":"text","text":{"body":"hi"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"text","image":{"link":"https://a/b.jpg"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"text","text":{"body":"hi","preview":true}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"image","image":{"caption":"no link"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"template","template":{"name":"t","language":{"policy":"deterministic"}}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"template","template":{"name":"t","language":{"policy":"deterministic","code":"en"},"components":[{"type":"footer","parameters":[]}]}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[{"type":"reply","reply":{"id":"1","title":"this title is longer than twenty"}}]}}}""")]
    [InlineData("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"64211234567","type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[{"type":"reply","reply":{"id":"1","title":"a"}},{"type":"reply","reply":{"id":"2","title":"b"}},{"type":"reply","reply":{"id":"3","title":"c"}},{"type":"reply","reply":{"id":"4","title":"d"}}]}}}""")]
    public void The_corrected_schema_still_rejects_bodies_that_break_it(string body)
    {
        Assert.NotEmpty(Validate(body));
    }
}
