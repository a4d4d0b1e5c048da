using System.Collections.Concurrent;
using WaCompliance.Identities;

namespace WaCompliance.Messaging;

/// <summary>
/// In-process notice of opt-outs, erasures and suppressions recorded through this instance: the messenger checks it
/// just before each provider call and re-reads the person's opt-out and suppression state when anything changed for
/// them since the state it decided on was read. The consent ledger registered by <c>AddWhatsAppCompliance</c>
/// publishes every opt-out and erasure it records; an application that writes the suppression list directly may
/// publish too. Changes made by other instances are seen by the messenger's batched re-read before each group of
/// campaign sends.
/// </summary>
public sealed class SendStateChanges
{
    // Bounded: beyond this many identifiers the table is forgotten, and every send that read its state before then
    // re-reads it (as if everything had changed), so nothing is missed.
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<WhatsAppIdentifier, long> _changed = new();
    private readonly Lock _gate = new();
    private long _version;
    private long _forgottenThrough;

    /// <summary>The current version: read it before reading a person's state, pass it to <see cref="ChangedSince"/> later.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Records that the state of some identifiers changed (call after the change was committed).</summary>
    /// <param name="identifiers">The identifiers.</param>
    public void Publish(IEnumerable<WhatsAppIdentifier> identifiers)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        lock (_gate)
        {
            if (_changed.Count >= MaxTracked)
            {
                Volatile.Write(ref _forgottenThrough, _version);
                _changed.Clear();
            }

            var version = _version + 1;
            foreach (var identifier in identifiers)
            {
                _changed[identifier] = version;
            }

            Volatile.Write(ref _version, version);
        }
    }

    /// <summary>Records that one identifier's state changed.</summary>
    /// <param name="identifier">The identifier.</param>
    public void Publish(WhatsAppIdentifier identifier) => Publish([identifier]);

    /// <summary>Whether any of the identifiers changed after <paramref name="version"/> was read.</summary>
    /// <param name="identifiers">The identifiers.</param>
    /// <param name="version">A <see cref="Version"/> read before the state was.</param>
    /// <returns>Whether the state must be read again.</returns>
    public bool ChangedSince(IReadOnlyList<WhatsAppIdentifier> identifiers, long version)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        if (Volatile.Read(ref _version) == version)
        {
            return false;
        }

        if (version < Volatile.Read(ref _forgottenThrough))
        {
            return true;
        }

        foreach (var identifier in identifiers)
        {
            if (_changed.TryGetValue(identifier, out var changed) && changed > version)
            {
                return true;
            }
        }

        return false;
    }
}
