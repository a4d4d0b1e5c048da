using WaCompliance.Messaging;
using WaCompliance.Numbers;

namespace WaCompliance.Tests.Messaging;

public sealed class MessageFingerprintTests
{
    private static readonly WhatsAppNumber To = WhatsAppNumber.Parse("+64211234567");

    // Computed independently (FNV-1a 64 over UTF-8, 0x1F after each part, 0xFF for an absent one).
    public static TheoryData<OutboundMessage, string> Golden => new()
    {
        { OutboundMessage.Text(To, "Your order A-1042 ships today."), "fnv1a:0d35588b51847af4" },
        { OutboundMessage.Text(To, "Café ☕ à 8h — 🎉 Ünïcödé"), "fnv1a:08a111aa197ac9fb" },
        { OutboundMessage.Template(To, "order_shipped", "en-us", MessagePurpose.Utility, ["Aroha", "Zoë"]), "fnv1a:50762933a8a4a517" },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Fingerprints_are_frozen_because_stores_keep_them_across_versions(OutboundMessage message, string expected) =>
        Assert.Equal(expected, MessageFingerprint.Of(message));

    [Fact]
    public void Split_points_change_the_fingerprint()
    {
        var ab = OutboundMessage.Template(To, "t", "en", MessagePurpose.Utility, ["ab", "c"]);
        var bc = OutboundMessage.Template(To, "t", "en", MessagePurpose.Utility, ["a", "bc"]);

        Assert.NotEqual(MessageFingerprint.Of(ab), MessageFingerprint.Of(bc));
    }

    [Fact]
    public void Equivalent_language_spellings_give_the_same_fingerprint() =>
        Assert.Equal(
            MessageFingerprint.Of(OutboundMessage.Template(To, "t", "en_US", MessagePurpose.Utility, ["x"])),
            MessageFingerprint.Of(OutboundMessage.Template(To, "t", "en-us", MessagePurpose.Utility, ["x"])));
}
