using System.Text.Json;
using System.Text.Json.Nodes;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Jurisdictions;
using WaCompliance.Suppression;

namespace WaCompliance.Privacy;

/// <summary>Everything held about one number, for a data subject access request.</summary>
/// <param name="Consent">The consent records, states and receipts.</param>
/// <param name="Suppressions">The suppression entries.</param>
/// <param name="Windows">The conversation windows.</param>
/// <param name="Messages">The messages the counters remember.</param>
/// <param name="JurisdictionOverride">The jurisdiction override, if any.</param>
public sealed record DataSubjectExport(
    ConsentExport Consent,
    IReadOnlyList<SuppressionEntry> Suppressions,
    IReadOnlyList<ConversationWindow> Windows,
    IReadOnlyList<MessageCountEntry> Messages,
    JurisdictionOverride? JurisdictionOverride)
{
    /// <summary>The links between the person's identifiers, with their evidence.</summary>
    public IReadOnlyList<Identities.IdentityLink> Links { get; init; } = [];

    /// <summary>Writes the export as indented JSON: the consent export plus suppression, windows, messages and override.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var root = JsonNode.Parse(Consent.ToJson())!.AsObject();
        root["suppressions"] = new JsonArray(Suppressions.Select(s => (JsonNode)new JsonObject
        {
            ["purpose"] = s.Purpose.Value,
            ["reason"] = SuppressionReasonNames.Of(s.Reason),
            ["addedAt"] = s.AddedAt,
            ["expiresAt"] = s.ExpiresAt,
            ["source"] = s.Source,
        }).ToArray());
        root["conversationWindows"] = new JsonArray(Windows.Select(w => (JsonNode)new JsonObject
        {
            ["business"] = w.Business.E164,
            ["lastInboundAt"] = w.LastInboundAt,
            ["customerServiceWindowEndsAt"] = w.CustomerServiceWindowEndsAt,
            ["freeEntryPointEndsAt"] = w.FreeEntryPointEndsAt,
        }).ToArray());
        root["messages"] = new JsonArray(Messages.Select(m => (JsonNode)new JsonObject
        {
            ["sender"] = m.Sender.E164,
            ["purpose"] = m.Purpose.Value,
            ["sentAt"] = m.SentAt,
            ["businessInitiated"] = m.BusinessInitiated,
            ["topic"] = m.Topic,
        }).ToArray());
        root["jurisdictionOverride"] = JurisdictionOverride is null ? null : new JsonObject
        {
            ["regionCode"] = JurisdictionOverride.RegionCode,
            ["subdivision"] = JurisdictionOverride.Subdivision,
            ["timeZoneIds"] = JurisdictionOverride.TimeZoneIds is { } zones ? new JsonArray(zones.Select(z => (JsonNode)z).ToArray()) : null,
        };
        root["identityLinks"] = new JsonArray(Links.Select(l => (JsonNode)new JsonObject
        {
            ["first"] = l.First.Value,
            ["second"] = l.Second.Value,
            ["reason"] = l.Reason.ToString(),
            ["source"] = l.Source,
            ["eventId"] = l.EventId,
            ["linkedAt"] = l.LinkedAt,
            ["revokedAt"] = l.RevokedAt,
        }).ToArray());
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
