namespace WaCompliance.Providers.Twilio;

/// <summary>Names used by the Twilio provider.</summary>
public static class TwilioProvider
{
    /// <summary>The provider name reported by the gateway, webhook reader and template client: <c>twilio</c>.</summary>
    public const string Name = "twilio";

    /// <summary>The prefix of registration names: <c>AddTwilio("main", ...)</c> registers <c>twilio:main</c>.</summary>
    public const string RegistrationPrefix = "twilio:";
}
