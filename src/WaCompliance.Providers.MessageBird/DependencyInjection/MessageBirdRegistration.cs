namespace WaCompliance.Providers.MessageBird;

/// <summary>Marks a MessageBird registration name in the service collection, so a name is not added twice.</summary>
/// <param name="Name">The registration name.</param>
internal sealed record MessageBirdRegistration(string Name);
