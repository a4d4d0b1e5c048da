using WaCompliance.Messaging;

namespace WaCompliance.Providers.MessageBird;

/// <summary>The content type of a media URL, from its file extension, with a default per media kind.</summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, string> s_byExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
        [".pdf"] = "application/pdf",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".txt"] = "text/plain",
        [".mp4"] = "video/mp4",
        [".3gp"] = "video/3gpp",
        [".mp3"] = "audio/mpeg",
        [".m4a"] = "audio/mp4",
        [".aac"] = "audio/aac",
        [".amr"] = "audio/amr",
        [".ogg"] = "audio/ogg",
        [".opus"] = "audio/ogg",
    };

    public static string For(MediaKind kind, Uri url)
    {
        var extension = Path.GetExtension(url.AbsolutePath);
        if (extension.Length > 0 && s_byExtension.TryGetValue(extension, out var type))
        {
            return type;
        }

        return kind switch
        {
            MediaKind.Image => "image/jpeg",
            MediaKind.Video => "video/mp4",
            MediaKind.Audio => "audio/mpeg",
            _ => "application/pdf",
        };
    }

    /// <summary>The kind of a template header medium when the catalog does not say: by extension, else a document.</summary>
    public static MediaKind KindOf(Uri url)
    {
        var type = For(MediaKind.Document, url);
        return type.StartsWith("image/", StringComparison.Ordinal) ? MediaKind.Image
            : type.StartsWith("video/", StringComparison.Ordinal) ? MediaKind.Video
            : MediaKind.Document;
    }
}
