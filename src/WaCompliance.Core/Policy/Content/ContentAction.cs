namespace WaCompliance.Policy.Content;

/// <summary>What a content category does to a message.</summary>
public enum ContentAction
{
    /// <summary>Prohibited: block.</summary>
    Block = 1,

    /// <summary>Restricted or regulated: needs review (blocks unless review is set to warn).</summary>
    Review,
}
