using Npgsql;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>Connection string checks that never reveal the string (it may hold a password).</summary>
internal static class ConnectionStrings
{
    public static bool IsWellFormed(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
