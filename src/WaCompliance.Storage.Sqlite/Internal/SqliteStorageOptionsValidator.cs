using Microsoft.Extensions.Options;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>Validates <see cref="SqliteStorageOptions"/> at start; each message names the setting and its configuration key.</summary>
/// <param name="sectionPath">The configuration section the options are bound from, for the messages.</param>
internal sealed class SqliteStorageOptionsValidator(string sectionPath) : IValidateOptions<SqliteStorageOptions>
{
    public SqliteStorageOptionsValidator()
        : this(SqliteStorageOptions.SectionName)
    {
    }

    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (SqliteConnectionStrings.TryBuild(options, out _, out var error))
        {
            return ValidateOptionsResult.Success;
        }

        var setting = error!.StartsWith("BusyTimeout", StringComparison.Ordinal) ? nameof(SqliteStorageOptions.BusyTimeout)
            : error.StartsWith("OperationalSynchronous", StringComparison.Ordinal) ? nameof(SqliteStorageOptions.OperationalSynchronous)
            : !string.IsNullOrWhiteSpace(options.DataSource) && string.IsNullOrWhiteSpace(options.ConnectionString) ? nameof(SqliteStorageOptions.DataSource)
            : nameof(SqliteStorageOptions.ConnectionString);
        return ValidateOptionsResult.Fail($"SqliteStorageOptions.{setting} ({sectionPath}:{setting}): {error}");
    }
}
