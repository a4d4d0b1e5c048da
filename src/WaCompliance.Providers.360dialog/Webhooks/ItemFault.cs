namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>
/// Why one webhook item cannot be read: a <see cref="WaCompliance.Webhooks.MalformedItemCodes"/> code and a message
/// naming the JSON path, never a value. Thrown while reading an item and caught at the item's boundary, where it
/// becomes a <see cref="WaCompliance.Webhooks.MalformedWebhookItem"/>; it never leaves the reader.
/// </summary>
internal sealed class ItemFault : Exception
{
    /// <summary>Creates a fault.</summary>
    /// <param name="code">The malformed-item code.</param>
    /// <param name="message">What is wrong, naming the path but no value.</param>
    public ItemFault(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates a fault (for serializers and analyzers; use the code overload).</summary>
    public ItemFault()
        : this(WaCompliance.Webhooks.MalformedItemCodes.ItemMalformed, "The item cannot be read.")
    {
    }

    /// <summary>Creates a fault (for serializers and analyzers; use the code overload).</summary>
    /// <param name="message">The message.</param>
    public ItemFault(string message)
        : this(WaCompliance.Webhooks.MalformedItemCodes.ItemMalformed, message)
    {
    }

    /// <summary>Creates a fault (for serializers and analyzers; use the code overload).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ItemFault(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = WaCompliance.Webhooks.MalformedItemCodes.ItemMalformed;
    }

    /// <summary>The malformed-item code.</summary>
    public string Code { get; }
}
