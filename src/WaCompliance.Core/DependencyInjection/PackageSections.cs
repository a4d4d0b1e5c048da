using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace WaCompliance;

/// <summary>
/// The sub-sections of <c>WhatsAppCompliance</c> that belong to the storage and provider packages (for example
/// <c>WhatsAppCompliance:Storage:Sqlite</c>, <c>WhatsAppCompliance:PostgreSql</c>, <c>WhatsAppCompliance:Twilio:main</c>),
/// which Core's own binding skips so that one section can hold the whole configuration while a misspelt Core setting
/// is still an error.
/// </summary>
internal static class PackageSections
{
    /// <summary>Sub-section names reserved for the packages (case-insensitive, as configuration keys are).</summary>
    public static readonly FrozenSet<string> Names = new[]
    {
        "Storage", "Sqlite", "PostgreSql", "Twilio", "MessageBird", "Bird", "360dialog", "Dialog360",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The section as Core's binder should see it: the same, without the packages' sub-sections.</summary>
    public static IConfigurationSection WithoutPackageSections(IConfigurationSection section) => new Filtered(section);

    private sealed class Filtered(IConfigurationSection inner) : IConfigurationSection
    {
        public string Key => inner.Key;

        public string Path => inner.Path;

        public string? Value
        {
            get => inner.Value;
            set => inner.Value = value;
        }

        public string? this[string key]
        {
            get => inner[key];
            set => inner[key] = value;
        }

        public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren().Where(child => !Names.Contains(child.Key));

        public IConfigurationSection GetSection(string key) => inner.GetSection(key);

        public IChangeToken GetReloadToken() => inner.GetReloadToken();
    }
}
