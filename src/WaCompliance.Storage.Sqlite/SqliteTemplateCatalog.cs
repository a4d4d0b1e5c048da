using System.Text.Json;
using Microsoft.Data.Sqlite;
using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Templates;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// The template catalog in SQLite (<c>templates</c>), keyed by (name, normalized language). The header, buttons and
/// body examples are kept as JSON text; status changes apply <see cref="TemplateStatusUpdate.ApplyTo"/> inside one
/// transaction, so a stale report never overwrites a newer one.
/// </summary>
public sealed class SqliteTemplateCatalog : ITemplateCatalog
{
    private const string SelectTemplate = """
        SELECT name, language, category, status, quality, parameter_format, header_json, body, footer, buttons_json,
               body_examples_json, code_expiration_minutes, add_security_recommendation, provider_template_id, status_reason, updated_at
        FROM templates
        """;

    private readonly SqliteComplianceDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the catalog.</summary>
    /// <param name="database">The database.</param>
    /// <param name="timeProvider">The clock (update times).</param>
    public SqliteTemplateCatalog(SqliteComplianceDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(key, static (connection, k) => Find(connection, null, k), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MessageTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        var templates = await _database.ReadAsync(0, static (connection, _) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectTemplate + " ORDER BY name, language;");
            var command = commandLease.Command;
            var found = new List<MessageTemplate>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add(Read(reader));
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);

        // SQLite sorts UTF-8 bytes; the contract is ordinal (UTF-16) order, which differs only beyond the BMP.
        return templates.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Language, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public ValueTask<MessageTemplate> UpsertAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        var stored = TemplateCatalogRules.PrepareForStore(template, _time.GetUtcNow());
        return _database.WriteAsync(stored, static (connection, transaction, t) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO templates (name, language, category, status, quality, parameter_format, header_json, body, footer,
                    buttons_json, body_examples_json, code_expiration_minutes, add_security_recommendation, provider_template_id,
                    status_reason, updated_at)
                VALUES (@name, @language, @category, @status, @quality, @parameter_format, @header_json, @body, @footer,
                    @buttons_json, @body_examples_json, @code_expiration_minutes, @add_security_recommendation, @provider_template_id,
                    @status_reason, @updated_at)
                ON CONFLICT (name, language) DO UPDATE SET
                    category = excluded.category, status = excluded.status, quality = excluded.quality,
                    parameter_format = excluded.parameter_format, header_json = excluded.header_json, body = excluded.body,
                    footer = excluded.footer, buttons_json = excluded.buttons_json, body_examples_json = excluded.body_examples_json,
                    code_expiration_minutes = excluded.code_expiration_minutes,
                    add_security_recommendation = excluded.add_security_recommendation,
                    provider_template_id = excluded.provider_template_id, status_reason = excluded.status_reason,
                    updated_at = excluded.updated_at;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@name", t.Name);
            SqliteValues.Add(command, "@language", t.Language);
            SqliteValues.Add(command, "@category", StorageNames<TemplateCategory>.Of(t.Category));
            SqliteValues.Add(command, "@status", StorageNames<TemplateStatus>.Of(t.Status));
            SqliteValues.Add(command, "@quality", StorageNames<TemplateQuality>.Of(t.Quality));
            SqliteValues.Add(command, "@parameter_format", StorageNames<TemplateParameterFormat>.Of(t.ParameterFormat));
            SqliteValues.Add(command, "@header_json", t.Header is { } header
                ? JsonSerializer.Serialize(header, SqliteJsonContext.Default.TemplateHeader)
                : DBNull.Value);
            SqliteValues.Add(command, "@body", t.Body);
            SqliteValues.Add(command, "@footer", SqliteValues.Db(t.Footer));
            SqliteValues.Add(command, "@buttons_json", JsonSerializer.Serialize(t.Buttons.ToArray(), SqliteJsonContext.Default.TemplateButtonArray));
            SqliteValues.Add(command, "@body_examples_json", t.BodyExamples is { } examples
                ? JsonSerializer.Serialize(new Dictionary<string, string>(examples), SqliteJsonContext.Default.DictionaryStringString)
                : DBNull.Value);
            SqliteValues.Add(command, "@code_expiration_minutes", t.CodeExpirationMinutes is { } minutes ? minutes : DBNull.Value);
            SqliteValues.Add(command, "@add_security_recommendation", t.AddSecurityRecommendation ? 1 : 0);
            SqliteValues.Add(command, "@provider_template_id", SqliteValues.Db(t.ProviderTemplateId));
            SqliteValues.Add(command, "@status_reason", SqliteValues.Db(t.StatusReason));
            SqliteValues.Add(command, "@updated_at", SqliteValues.Db(t.UpdatedAt));
            command.ExecuteNonQuery();
            return t;
        }, cancellationToken, SqliteWrite.Operational);
    }

    /// <inheritdoc />
    public ValueTask<MessageTemplate?> UpdateStatusAsync(TemplateKey key, TemplateStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return _database.WriteAsync((Key: key, Update: update), static (connection, transaction, s) =>
        {
            var existing = Find(connection, transaction, s.Key);
            if (existing is null)
            {
                return null;
            }

            var updated = s.Update.ApplyTo(existing);
            if (ReferenceEquals(updated, existing))
            {
                return existing;
            }

            using var commandLease = SqliteStatements.Command(connection, transaction, """
                UPDATE templates SET status = @status, quality = @quality, category = @category, status_reason = @status_reason,
                    updated_at = @updated_at
                WHERE name = @name AND language = @language;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@status", StorageNames<TemplateStatus>.Of(updated.Status));
            SqliteValues.Add(command, "@quality", StorageNames<TemplateQuality>.Of(updated.Quality));
            SqliteValues.Add(command, "@category", StorageNames<TemplateCategory>.Of(updated.Category));
            SqliteValues.Add(command, "@status_reason", SqliteValues.Db(updated.StatusReason));
            SqliteValues.Add(command, "@updated_at", SqliteValues.Db(updated.UpdatedAt));
            SqliteValues.Add(command, "@name", s.Key.Name);
            SqliteValues.Add(command, "@language", s.Key.Language);
            command.ExecuteNonQuery();
            return updated;
        }, cancellationToken, SqliteWrite.Operational);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(TemplateKey key, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(key, static (connection, transaction, k) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, "DELETE FROM templates WHERE name = @name AND language = @language;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@name", k.Name);
            SqliteValues.Add(command, "@language", k.Language);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken, SqliteWrite.Operational);

    private static MessageTemplate? Find(SqliteConnection connection, SqliteTransaction? transaction, TemplateKey key)
    {
        if (key.Name is null)
        {
            throw new ArgumentException("The template key is empty (default).", nameof(key));
        }

        using var commandLease = SqliteStatements.Command(connection, transaction, SelectTemplate + " WHERE name = @name AND language = @language;");
        var command = commandLease.Command;
        SqliteValues.Add(command, "@name", key.Name);
        SqliteValues.Add(command, "@language", key.Language);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static MessageTemplate Read(SqliteDataReader reader)
    {
        try
        {
            return new MessageTemplate
            {
                Name = reader.GetString(0),
                Language = reader.GetString(1),
                Category = StorageNames<TemplateCategory>.Parse(reader.GetString(2)),
                Status = StorageNames<TemplateStatus>.Parse(reader.GetString(3)),
                Quality = StorageNames<TemplateQuality>.Parse(reader.GetString(4)),
                ParameterFormat = StorageNames<TemplateParameterFormat>.Parse(reader.GetString(5)),
                Header = reader.IsDBNull(6) ? null : JsonSerializer.Deserialize(reader.GetString(6), SqliteJsonContext.Default.TemplateHeader),
                Body = reader.GetString(7),
                Footer = SqliteValues.GetNullableString(reader, 8),
                Buttons = JsonSerializer.Deserialize(reader.GetString(9), SqliteJsonContext.Default.TemplateButtonArray) ?? [],
                BodyExamples = reader.IsDBNull(10) ? null : JsonSerializer.Deserialize(reader.GetString(10), SqliteJsonContext.Default.DictionaryStringString),
                CodeExpirationMinutes = reader.IsDBNull(11) ? null : reader.GetInt32(11),
                AddSecurityRecommendation = reader.GetInt64(12) != 0,
                ProviderTemplateId = SqliteValues.GetNullableString(reader, 13),
                StatusReason = SqliteValues.GetNullableString(reader, 14),
                UpdatedAt = SqliteValues.GetTimestamp(reader, 15),
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("A stored template has malformed components.", e);
        }
    }
}
