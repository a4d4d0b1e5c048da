namespace WaCompliance.Conformance;

/// <summary>Creates a fresh, empty store before each test and disposes it after.</summary>
/// <typeparam name="TStore">The store interface.</typeparam>
public abstract class StoreConformanceBase<TStore> : IAsyncLifetime
    where TStore : class
{
    private TStore? _store;

    /// <summary>The context the store was built with.</summary>
    protected StoreTestContext Context { get; } = new();

    /// <summary>The store under test.</summary>
    protected TStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates an empty store using the context's clock, keys and options.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The store.</returns>
    protected abstract Task<TStore> CreateStoreAsync(StoreTestContext context);

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync(Context);

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
