using WaCompliance.Templates;

namespace WaCompliance.Messaging;

/// <summary>What a message says: text, media, an approved template or interactive buttons.</summary>
public abstract record MessageContent
{
    private protected MessageContent()
    {
    }

    /// <summary>Whether this is a template (the only kind allowed outside the customer service window).</summary>
    public bool IsTemplate => this is TemplateContent;

    /// <summary>The kind, for records and metrics: <c>text</c>, <c>media</c>, <c>template</c> or <c>interactive</c>.</summary>
    public abstract string Kind { get; }
}

/// <summary>A free-form text message.</summary>
/// <param name="Body">The text (at most 4,096 characters).</param>
public sealed record TextContent(string Body) : MessageContent
{
    /// <summary>Whether the provider should render a link preview.</summary>
    public bool PreviewUrl { get; init; }

    /// <inheritdoc />
    public override string Kind => "text";
}

/// <summary>The kind of a media attachment.</summary>
public enum MediaKind
{
    /// <summary>An image.</summary>
    Image = 1,

    /// <summary>A document (PDF and others).</summary>
    Document,

    /// <summary>A video.</summary>
    Video,

    /// <summary>An audio file.</summary>
    Audio,
}

/// <summary>A free-form media message: image, document, video or audio, optionally with a caption.</summary>
/// <param name="MediaKind">The kind of media.</param>
/// <param name="Url">Where the provider fetches it (public HTTPS).</param>
public sealed record MediaContent(MediaKind MediaKind, Uri Url) : MessageContent
{
    /// <summary>The caption (not for audio).</summary>
    public string? Caption { get; init; }

    /// <summary>The file name shown for documents.</summary>
    public string? FileName { get; init; }

    /// <inheritdoc />
    public override string Kind => "media";
}

/// <summary>An approved template with its parameters.</summary>
/// <param name="Name">The template name.</param>
/// <param name="Language">The template language, e.g. <c>en</c>.</param>
public sealed record TemplateContent(string Name, string Language) : MessageContent
{
    /// <summary>The values of the template's variables.</summary>
    public TemplateParameters Parameters { get; init; } = TemplateParameters.Positional();

    /// <summary>For media headers: the media to show.</summary>
    public Uri? HeaderMediaUrl { get; init; }

    /// <summary>The catalog key.</summary>
    public TemplateKey Key => new(Name, Language);

    /// <inheritdoc />
    public override string Kind => "template";
}

/// <summary>An interactive message with quick-reply buttons (free-form: only inside the window).</summary>
/// <param name="Body">The text above the buttons.</param>
/// <param name="Buttons">The buttons (1 to 3): an id returned in the reply and a title of at most 20 characters.</param>
public sealed record InteractiveContent(string Body, IReadOnlyList<QuickReplyButton> Buttons) : MessageContent
{
    /// <summary>Optional footer text.</summary>
    public string? Footer { get; init; }

    /// <inheritdoc />
    public override string Kind => "interactive";
}

/// <summary>A quick-reply button of an interactive message.</summary>
/// <param name="Id">The id the reply carries back (at most 256 characters).</param>
/// <param name="Title">The label (at most 20 characters).</param>
public sealed record QuickReplyButton(string Id, string Title);
