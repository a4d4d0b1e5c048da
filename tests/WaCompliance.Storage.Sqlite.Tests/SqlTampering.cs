using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// Tampers with the ledger the way someone with the database file and the sqlite3 shell could: drops the append-only
/// triggers, then plain UPDATE, DELETE and INSERT statements.
/// </summary>
internal sealed class SqlTampering(TempDatabase file) : IConsentStoreTampering
{
    public Task AlterSourceAsync(long sequence, string newSource) =>
        ExecuteAsync("UPDATE consent_records SET source = @value WHERE sequence = @sequence;", ("@value", newSource), ("@sequence", sequence));

    public Task AlterPersonalDataAsync(long sequence, string newIpAddress) =>
        ExecuteAsync("UPDATE consent_personal_data SET ip_address = @value WHERE sequence = @sequence;", ("@value", newIpAddress), ("@sequence", sequence));

    public Task DeleteAsync(long sequence) =>
        ExecuteAsync("""
            DELETE FROM consent_personal_data WHERE sequence = @sequence;
            DELETE FROM consent_records WHERE sequence = @sequence;
            """, ("@sequence", sequence));

    // Exchanges the two rows' positions: each row keeps its content and takes the other's sequence number.
    public Task SwapAsync(long first, long second) =>
        ExecuteAsync("""
            UPDATE consent_records SET sequence = -1 WHERE sequence = @first;
            UPDATE consent_personal_data SET sequence = -1 WHERE sequence = @first;
            UPDATE consent_records SET sequence = @first WHERE sequence = @second;
            UPDATE consent_personal_data SET sequence = @first WHERE sequence = @second;
            UPDATE consent_records SET sequence = @second WHERE sequence = -1;
            UPDATE consent_personal_data SET sequence = @second WHERE sequence = -1;
            """, ("@first", first), ("@second", second));

    // Sequence is the primary key: make room by shifting every later row up by one, then insert the forgery.
    public Task InsertBeforeAsync(long sequence, ConsentRecord forged) =>
        ExecuteAsync("""
            UPDATE consent_personal_data SET sequence = -sequence - 1 WHERE sequence >= @at;
            UPDATE consent_records SET sequence = -sequence - 1 WHERE sequence >= @at;
            UPDATE consent_records SET sequence = -sequence WHERE sequence < 0;
            UPDATE consent_personal_data SET sequence = -sequence WHERE sequence < 0;
            INSERT INTO consent_records (
                sequence, record_id, subject, purpose, action, method, consent_type, lawful_basis, captured_at, recorded_at,
                source, business_name, jurisdiction, language, expires_at, event_id, wording, wording_version,
                collection_point, personal_data_digest, previous_hash, hash)
            VALUES (@at, @record_id, @subject, @purpose, @action, @method, @consent_type, @lawful_basis, @captured_at,
                @recorded_at, @source, @business_name, @jurisdiction, @language, NULL, NULL, @wording,
                @wording_version, @collection_point, @digest, @previous_hash, @hash);
            """,
            ("@at", sequence),
            ("@record_id", SqliteValues.ToBytes(forged.RecordId)),
            ("@subject", forged.Subject.Value),
            ("@purpose", forged.Purpose.Value),
            ("@action", ConsentNames.Of(forged.Action)),
            ("@method", ConsentNames.Of(forged.Method)),
            ("@consent_type", ConsentNames.Of(forged.ConsentType)),
            ("@lawful_basis", ConsentNames.Of(forged.LawfulBasis)),
            ("@captured_at", SqliteValues.ToMicros(forged.CapturedAt)),
            ("@recorded_at", SqliteValues.ToMicros(forged.RecordedAt)),
            ("@source", (object?)forged.Source ?? DBNull.Value),
            ("@business_name", (object?)forged.BusinessName ?? DBNull.Value),
            ("@jurisdiction", (object?)forged.Jurisdiction ?? DBNull.Value),
            ("@language", (object?)forged.Language ?? DBNull.Value),
            ("@wording", (object?)forged.Wording ?? DBNull.Value),
            ("@wording_version", (object?)forged.WordingVersion ?? DBNull.Value),
            ("@collection_point", (object?)forged.CollectionPoint ?? DBNull.Value),
            ("@digest", forged.PersonalDataDigest),
            ("@previous_hash", forged.PreviousHash),
            ("@hash", forged.Hash));

    private Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = file.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA foreign_keys = OFF;
            DROP TRIGGER IF EXISTS consent_records_no_update;
            DROP TRIGGER IF EXISTS consent_records_no_delete;
            DROP TRIGGER IF EXISTS consent_personal_data_no_update;
            """ + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
