namespace WaCompliance.Suppression;

/// <summary>Why a person must not be messaged.</summary>
public enum SuppressionReason
{
    /// <summary>The person opted out (recorded outside this ledger, e.g. an imported unsubscribe list).</summary>
    OptedOut = 1,

    /// <summary>The person's data was erased; only this pseudonymous entry remains, so they are never messaged again.</summary>
    Erased,

    /// <summary>The number has no WhatsApp account (a provider said so).</summary>
    NotOnWhatsApp,

    /// <summary>The number is on an imported do-not-contact list (national DNC, internal DNC).</summary>
    DoNotContactList,

    /// <summary>Suppressed by an operator.</summary>
    Manual,

    /// <summary>A provider refused for now, e.g. WhatsApp's per-person marketing limit (131049): back off until the entry expires.</summary>
    ProviderBackoff,
}

/// <summary>Stable names of <see cref="SuppressionReason"/> for stores and files.</summary>
public static class SuppressionReasonNames
{
    /// <summary>The stable name, e.g. <c>not_on_whatsapp</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The name.</returns>
    public static string Of(SuppressionReason reason) => reason switch
    {
        SuppressionReason.OptedOut => "opted_out",
        SuppressionReason.Erased => "erased",
        SuppressionReason.NotOnWhatsApp => "not_on_whatsapp",
        SuppressionReason.DoNotContactList => "do_not_contact_list",
        SuppressionReason.Manual => "manual",
        SuppressionReason.ProviderBackoff => "provider_backoff",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a defined suppression reason."),
    };

    /// <summary>Reads a stable name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The reason.</returns>
    /// <exception cref="FormatException">The name is unknown.</exception>
    public static SuppressionReason Parse(string name)
    {
        foreach (var reason in Enum.GetValues<SuppressionReason>())
        {
            if (string.Equals(Of(reason), name, StringComparison.Ordinal))
            {
                return reason;
            }
        }

        throw new FormatException($"'{name}' is not a suppression reason.");
    }
}
