using Npgsql;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Templates;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>The template catalog in PostgreSQL (<c>templates</c>); components are stored as JSON documents.</summary>
internal sealed class PostgreSqlTemplateCatalog : ITemplateCatalog
{
    private const string Columns = """
        name, language, category, status, quality, parameter_format, header, body, footer, buttons, body_examples,
        code_expiration_minutes, add_security_recommendation, provider_template_id, status_reason, updated_at
        """;

    private readonly PostgreSqlStorage _storage;
    private readonly TimeProvider _time;
    private readonly string _table;

    public PostgreSqlTemplateCatalog(PostgreSqlStorage storage, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _storage = storage;
        _time = timeProvider;
        _table = storage.Table("templates");
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return await ReadAsync(connection, null, key, forUpdate: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MessageTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        var templates = new List<MessageTemplate>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT {Columns} FROM {_table} ORDER BY name COLLATE \"C\", language COLLATE \"C\"");
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            templates.Add(Read(reader));
        }

        return templates;
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate> UpsertAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        var stored = TemplateCatalogRules.PrepareForStore(template, _time.GetUtcNow());
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"""
            INSERT INTO {_table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (name, language) DO UPDATE SET
                category = excluded.category, status = excluded.status, quality = excluded.quality,
                parameter_format = excluded.parameter_format, header = excluded.header, body = excluded.body,
                footer = excluded.footer, buttons = excluded.buttons, body_examples = excluded.body_examples,
                code_expiration_minutes = excluded.code_expiration_minutes,
                add_security_recommendation = excluded.add_security_recommendation,
                provider_template_id = excluded.provider_template_id, status_reason = excluded.status_reason,
                updated_at = excluded.updated_at
            """);
        await using var commandScope = command.ConfigureAwait(false);
        AddParameters(command, stored);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate?> UpdateStatusAsync(TemplateKey key, TemplateStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var existing = await ReadAsync(connection, transaction, key, forUpdate: true, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        var updated = update.ApplyTo(existing);
        if (!ReferenceEquals(updated, existing))
        {
            var command = _storage.Command(connection, $"""
                UPDATE {_table} SET status = $3, quality = $4, category = $5, status_reason = $6, updated_at = $7
                WHERE name = $1 AND language = $2
                """, transaction);
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(Db.Value(key.Name));
            command.Parameters.Add(Db.Value(key.Language));
            command.Parameters.Add(Db.Value(StableNames.Status.Of(updated.Status)));
            command.Parameters.Add(Db.Value(StableNames.Quality.Of(updated.Quality)));
            command.Parameters.Add(Db.Value(StableNames.Category.Of(updated.Category)));
            command.Parameters.Add(Db.Text(updated.StatusReason));
            command.Parameters.Add(Db.Time(updated.UpdatedAt));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(TemplateKey key, CancellationToken cancellationToken = default)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE name = $1 AND language = $2");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(key.Name));
        command.Parameters.Add(Db.Value(key.Language));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private async ValueTask<MessageTemplate?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TemplateKey key, bool forUpdate, CancellationToken cancellationToken)
    {
        var command = _storage.Command(connection,
            $"SELECT {Columns} FROM {_table} WHERE name = $1 AND language = $2{(forUpdate ? " FOR UPDATE" : string.Empty)}", transaction);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(key.Name));
        command.Parameters.Add(Db.Value(key.Language));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static void AddParameters(NpgsqlCommand command, MessageTemplate template)
    {
        command.Parameters.Add(Db.Value(template.Name));
        command.Parameters.Add(Db.Value(template.Language));
        command.Parameters.Add(Db.Value(StableNames.Category.Of(template.Category)));
        command.Parameters.Add(Db.Value(StableNames.Status.Of(template.Status)));
        command.Parameters.Add(Db.Value(StableNames.Quality.Of(template.Quality)));
        command.Parameters.Add(Db.Value(StableNames.ParameterFormat.Of(template.ParameterFormat)));
        command.Parameters.Add(Db.Jsonb(TemplateJson.WriteHeader(template.Header)));
        command.Parameters.Add(Db.Value(template.Body));
        command.Parameters.Add(Db.Text(template.Footer));
        command.Parameters.Add(Db.Jsonb(TemplateJson.WriteButtons(template.Buttons)));
        command.Parameters.Add(Db.Jsonb(TemplateJson.WriteExamples(template.BodyExamples)));
        command.Parameters.Add(Db.Integer(template.CodeExpirationMinutes));
        command.Parameters.Add(Db.Value(template.AddSecurityRecommendation));
        command.Parameters.Add(Db.Text(template.ProviderTemplateId));
        command.Parameters.Add(Db.Text(template.StatusReason));
        command.Parameters.Add(Db.Time(template.UpdatedAt));
    }

    private static MessageTemplate Read(NpgsqlDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Language = reader.GetString(1),
        Category = StableNames.Category.Parse(reader.GetString(2)),
        Status = StableNames.Status.Parse(reader.GetString(3)),
        Quality = StableNames.Quality.Parse(reader.GetString(4)),
        ParameterFormat = StableNames.ParameterFormat.Parse(reader.GetString(5)),
        Header = TemplateJson.ReadHeader(reader.NullableString(6)),
        Body = reader.GetString(7),
        Footer = reader.NullableString(8),
        Buttons = TemplateJson.ReadButtons(reader.GetString(9)),
        BodyExamples = TemplateJson.ReadExamples(reader.NullableString(10)),
        CodeExpirationMinutes = reader.NullableInt32(11),
        AddSecurityRecommendation = reader.GetBoolean(12),
        ProviderTemplateId = reader.NullableString(13),
        StatusReason = reader.NullableString(14),
        UpdatedAt = reader.NullableTimestamp(15),
    };
}
