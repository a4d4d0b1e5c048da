using WaCompliance.Consent;

namespace WaCompliance.Conformance;

/// <summary>
/// Changes a consent store behind the ledger's back, the way an attacker with direct access to its storage could
/// (for SQL stores: plain UPDATE, DELETE and INSERT statements). Used to prove that verification detects it.
/// </summary>
public interface IConsentStoreTampering
{
    /// <summary>Changes a chained field (the source) of a stored record.</summary>
    /// <param name="sequence">The record.</param>
    /// <param name="newSource">The forged value.</param>
    /// <returns>A task.</returns>
    Task AlterSourceAsync(long sequence, string newSource);

    /// <summary>Changes the stored IP address of a record's personal data.</summary>
    /// <param name="sequence">The record.</param>
    /// <param name="newIpAddress">The forged value.</param>
    /// <returns>A task.</returns>
    Task AlterPersonalDataAsync(long sequence, string newIpAddress);

    /// <summary>Deletes a stored record.</summary>
    /// <param name="sequence">The record.</param>
    /// <returns>A task.</returns>
    Task DeleteAsync(long sequence);

    /// <summary>Exchanges the order of two stored records.</summary>
    /// <param name="first">One record.</param>
    /// <param name="second">Another record.</param>
    /// <returns>A task.</returns>
    Task SwapAsync(long first, long second);

    /// <summary>Inserts a forged record so that it is read just before the record at <paramref name="sequence"/>.</summary>
    /// <param name="sequence">Where to insert.</param>
    /// <param name="forged">The forged record (its own sequence and hashes as the forger chose).</param>
    /// <returns>A task.</returns>
    Task InsertBeforeAsync(long sequence, ConsentRecord forged);
}
