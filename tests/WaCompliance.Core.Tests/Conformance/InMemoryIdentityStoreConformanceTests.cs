using WaCompliance.Conformance;
using WaCompliance.Identities;
using WaCompliance.Webhooks;

namespace WaCompliance.Tests.Conformance;

// The conformance suites of the stores added with identities, against the in-memory reference implementations (the
// other in-memory stores are wired in Stores/InMemoryStoreConformanceTests.cs).

public sealed class InMemoryIdentityLinkStoreConformanceTests : IdentityLinkStoreConformanceTests
{
    protected override Task<IIdentityLinkStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IIdentityLinkStore>(new InMemoryIdentityLinkStore());
}

public sealed class InMemoryWebhookDeadLetterStoreConformanceTests : WebhookDeadLetterStoreConformanceTests
{
    protected override Task<IWebhookDeadLetterStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IWebhookDeadLetterStore>(new InMemoryWebhookDeadLetterStore());
}
