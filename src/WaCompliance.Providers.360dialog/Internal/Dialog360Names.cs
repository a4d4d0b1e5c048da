namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>Names shared by the package.</summary>
internal static class Dialog360Names
{
    /// <summary>The provider name of gateways, readers and events.</summary>
    public const string Provider = "360dialog";

    /// <summary>The gateway name of a registration: <c>360dialog:{name}</c>.</summary>
    /// <param name="name">The registration name.</param>
    /// <returns>The gateway name.</returns>
    public static string Gateway(string name) => $"{Provider}:{name}";

    /// <summary>The IHttpClientFactory client name of a registration.</summary>
    /// <param name="name">The registration name.</param>
    /// <returns>The client name.</returns>
    public static string HttpClient(string name) => $"WaCompliance.360dialog:{name}";
}
