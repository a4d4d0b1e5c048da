using System.Data.Common;
using Npgsql;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>Builds the data source the package owns when it is given a connection string.</summary>
internal static class DataSources
{
    /// <summary>Statements prepared per connection when the connection string does not say otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>
    /// Creates a data source from a connection string. Unless the string sets <c>Max Auto Prepare</c> itself,
    /// Npgsql prepares the store's frequent statements on each connection (parsed and planned once, not per call).
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.Build();
    }
}
