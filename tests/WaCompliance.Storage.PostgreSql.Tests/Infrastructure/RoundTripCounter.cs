using System.Diagnostics;

namespace WaCompliance.Storage.PostgreSql.Tests.Infrastructure;

/// <summary>Counts the commands (round trips) Npgsql executes on a database while it is alive, from its activities.</summary>
public sealed class RoundTripCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly string _database;
    private int _count;

    /// <summary>Starts counting commands sent to a database.</summary>
    /// <param name="database">The database name.</param>
    public RoundTripCounter(string database)
    {
        _database = database;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (string.Equals(activity.GetTagItem("db.name") as string ?? activity.GetTagItem("db.namespace") as string, _database, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _count);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The commands counted so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Resets the count.</summary>
    public void Reset() => Interlocked.Exchange(ref _count, 0);

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
