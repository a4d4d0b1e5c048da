using WaCompliance.Conformance;
using WaCompliance.Consent;

namespace WaCompliance.Storage.Sqlite.Tests;

public sealed class SqliteConsentStoreConformanceTests : ConsentStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IConsentStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IConsentStore>(new SqliteConsentStore(_file.Open(context.Time), context.Keys));

    protected override IConsentStoreTampering CreateTampering(IConsentStore store) => new SqlTampering(_file);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}
