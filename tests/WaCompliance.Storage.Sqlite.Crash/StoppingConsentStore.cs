using System.Collections;
using System.Globalization;
using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Privacy;

/// <summary>
/// The SQLite consent store, stopping for good halfway through writing one batch: the store reads the batch while it
/// inserts inside its write transaction, so when the list is half read half the rows are written and uncommitted.
/// </summary>
internal sealed class StoppingConsentStore(IConsentStore inner, int stopInside) : IConsentStore
{
    private int _batch;

    public ValueTask<IReadOnlyList<ConsentRecord>> AppendAsync(IReadOnlyList<PendingConsentRecord> records, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(++_batch == stopInside ? new StopHalfway(records, _batch) : records, cancellationToken);

    public ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default) => inner.GetSnapshotAsync(number, cancellationToken);

    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(IReadOnlyCollection<WhatsAppIdentifier> numbers, CancellationToken cancellationToken = default) =>
        inner.GetSnapshotsAsync(numbers, cancellationToken);

    public IAsyncEnumerable<ConsentRecord> GetHistoryAsync(SubjectKey subject, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(subject, cancellationToken);

    public IAsyncEnumerable<ConsentRecord> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => inner.ReadAsync(fromSequence, cancellationToken);

    public ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

    public ValueTask<int> ErasePersonalDataAsync(SubjectKey subject, CancellationToken cancellationToken = default) => inner.ErasePersonalDataAsync(subject, cancellationToken);

    private sealed class StopHalfway(IReadOnlyList<PendingConsentRecord> records, int batch) : IReadOnlyList<PendingConsentRecord>
    {
        public int Count => records.Count;

        public PendingConsentRecord this[int index]
        {
            get
            {
                StopAt(index);
                return records[index];
            }
        }

        public IEnumerator<PendingConsentRecord> GetEnumerator()
        {
            for (var i = 0; i < records.Count; i++)
            {
                StopAt(i);
                yield return records[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void StopAt(int index)
        {
            if (index == records.Count / 2)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inside {batch}"));

                // Inside the write transaction, half the batch written: the test kills the process here.
                Thread.Sleep(Timeout.Infinite);
            }
        }
    }
}
