using Microsoft.Extensions.Options;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlStorageOptions"/> at start; each message names the setting.</summary>
internal sealed class PostgreSqlStorageOptionsValidator : IValidateOptions<PostgreSqlStorageOptions>
{
    private readonly bool _hasDataSource;

    public PostgreSqlStorageOptionsValidator(bool hasDataSource)
    {
        _hasDataSource = hasDataSource;
    }

    public ValidateOptionsResult Validate(string? name, PostgreSqlStorageOptions options)
    {
        var failures = new List<string>();
        if (!_hasDataSource && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(Setting(nameof(options.ConnectionString),
                "is required: an Npgsql connection string such as 'Host=db;Database=app;Username=app;Password=...' (or pass an NpgsqlDataSource to UsePostgreSql)."));
        }
        else if (!_hasDataSource && !ConnectionStrings.IsWellFormed(options.ConnectionString!))
        {
            // The value is never echoed: it may hold a password.
            failures.Add(Setting(nameof(options.ConnectionString), "is not a valid Npgsql connection string."));
        }

        if (!SchemaName.IsValid(options.Schema))
        {
            failures.Add(Setting(nameof(options.Schema),
                "must be lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters (for example 'wacompliance')."));
        }

        if (options.CommandTimeout is < 1 or > 3600)
        {
            failures.Add(Setting(nameof(options.CommandTimeout), "must be between 1 and 3600 seconds."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string property, string problem) =>
        $"PostgreSqlStorageOptions.{property} ({PostgreSqlStorageOptions.SectionName}:{property}) {problem}";
}
