using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>Gateway messages for the tests.</summary>
public static class Messages
{
    public static GatewayMessage To(MessageContent content, MessageTemplate? template = null, string? replyTo = null, string from = TestRegistration.Sender,
        WhatsAppIdentity? to = null) => new()
    {
        From = WhatsAppNumberParser.Default.ParseReported(from).Number,
        To = to ?? WhatsAppNumber.Parse(TestRegistration.Recipient),
        Content = content,
        Template = template,
        ReplyToMessageId = replyTo,
        IdempotencyKey = "campaign-42:row-17",
    };

    public static MessageTemplate OrderUpdate(string? providerTemplateId = null, TemplateParameterFormat format = TemplateParameterFormat.Positional) => new()
    {
        Name = "order_update",
        Language = "en_US",
        Category = TemplateCategory.Utility,
        Status = TemplateStatus.Approved,
        ParameterFormat = format,
        Header = format == TemplateParameterFormat.Named ? new TemplateHeader(TemplateHeaderFormat.Text, "Order {{order_id}}") : new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}"),
        Body = format == TemplateParameterFormat.Named ? "Hi {{first_name}}, order {{order_id}} ships on {{ship_date}}." : "Hi {{1}}, your order ships on {{2}}.",
        Buttons =
        [
            new TemplateButton(TemplateButtonType.Url, "Track") { Url = format == TemplateParameterFormat.Named ? "https://example.com/t/{{tracking}}" : "https://example.com/t/{{1}}" },
            new TemplateButton(TemplateButtonType.CopyCode, "Copy code"),
        ],
        ProviderTemplateId = providerTemplateId,
    };
}
