using System.Text.Json;
using WaCompliance.Consent;
using WaCompliance.Identities;

namespace WaCompliance.Conformance;

/// <summary>
/// The contract of <see cref="IConsentStore"/>, exercised through <see cref="ConsentLedger"/>: consent transitions,
/// idempotency, batching, history, erasure, export, chain verification and every kind of tampering, concurrency.
/// </summary>
public abstract class ConsentStoreConformanceTests : StoreConformanceBase<IConsentStore>
{
    private ConsentLedger? _ledger;

    /// <summary>The ledger over the store under test.</summary>
    protected ConsentLedger Ledger => _ledger ??= new ConsentLedger(Store, Context.Keys, Context.Time, Context.Options);

    /// <summary>Gives access to the store's storage to tamper with it.</summary>
    /// <param name="store">The store under test.</param>
    /// <returns>The tampering access.</returns>
    protected abstract IConsentStoreTampering CreateTampering(IConsentStore store);

    private static readonly ConsentEvidence s_form = new("I agree to receive offers from Acme Ltd on WhatsApp. Reply STOP to opt out.", "form-v3")
    {
        CollectionPoint = "https://acme.example/signup",
        IpAddress = "203.0.113.7",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
    };

    private static ConsentEvent OptIn(WhatsAppIdentifier number, ConsentPurpose purpose) =>
        ConsentEvent.OptIn(number, purpose, ConsentMethod.WebForm, s_form);

    [Fact]
    public async Task State_WithoutRecords_IsNone()
    {
        var state = await Ledger.GetStateAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing);

        Assert.Equal(ConsentStatus.None, state.Status);
        Assert.Null(state.Record);
    }

    [Fact]
    public async Task Record_OptIn_StateIsOptedInAndReliesOnTheRecord()
    {
        var person = StoreTestContext.Person(1);

        var record = await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));
        var state = await Ledger.GetStateAsync(person, ConsentPurpose.Marketing);

        Assert.Equal(ConsentStatus.OptedIn, state.Status);
        Assert.Equal(record.RecordId, state.Record!.RecordId);
        Assert.Equal(1, record.Sequence);
        Assert.Equal(ConsentChain.GenesisHash, record.PreviousHash);
        Assert.Equal("Acme Ltd", record.BusinessName);
        Assert.Equal("NZ", record.Jurisdiction);
        Assert.Equal(Context.Keys.GetKey(person), record.Subject);
    }

    [Fact]
    public async Task Record_OptInForOnePurpose_LeavesOtherPurposesWithoutConsent()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Utility));

        Assert.Equal(ConsentStatus.None, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(person, ConsentPurpose.Utility)).Status);
    }

    [Fact]
    public async Task Record_OptOutAfterOptIn_LatestEventWins()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        var optOut = await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.Marketing, ConsentMethod.Keyword));

        var state = await Ledger.GetStateAsync(person, ConsentPurpose.Marketing);

        Assert.Equal(ConsentStatus.OptedOut, state.Status);
        Assert.Equal(optOut.RecordId, state.Record!.RecordId);
    }

    [Fact]
    public async Task Record_GlobalOptOut_CoversEveryPurpose()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Utility));
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Parse("order_updates")));
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword));

        foreach (var purpose in new[] { ConsentPurpose.Marketing, ConsentPurpose.Utility, ConsentPurpose.Authentication, ConsentPurpose.Parse("order_updates") })
        {
            Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, purpose)).Status);
        }
    }

    [Fact]
    public async Task Record_ExplicitOptInAfterGlobalOptOut_ResubscribesOnlyThatPurpose()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Utility));
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword));
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        await Ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Utility, ConsentMethod.Keyword));

        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(person, ConsentPurpose.Utility)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
    }

    [Theory]
    [InlineData(ConsentMethod.Import, ConsentType.Express)]
    [InlineData(ConsentMethod.WebForm, ConsentType.Implied)]
    [InlineData(ConsentMethod.Api, ConsentType.Inferred)]
    [InlineData(ConsentMethod.Paper, ConsentType.Deemed)]
    public async Task Record_NonExplicitOptInAfterOptOut_DoesNotResubscribe(ConsentMethod method, ConsentType type)
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.Marketing, ConsentMethod.Keyword));
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        var ignored = await Ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, method) with
        {
            ConsentType = type,
            ExpiresAt = Context.Time.GetUtcNow().AddYears(2),
        });

        var state = await Ledger.GetStateAsync(person, ConsentPurpose.Marketing);
        var snapshot = await Ledger.GetSnapshotAsync(person);

        Assert.Equal(ConsentStatus.OptedOut, state.Status);
        Assert.Contains(snapshot.IgnoredOptIns, r => r.RecordId == ignored.RecordId);
    }

    [Fact]
    public async Task Record_ImportWithoutEarlierOptOut_CountsAsConsent()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.Import));

        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task Record_ImpliedConsentPastItsExpiry_IsExpired()
    {
        var person = StoreTestContext.Person(1);
        var expires = Context.Time.GetUtcNow().AddMonths(6);
        await Ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm) with
        {
            ConsentType = ConsentType.Implied,
            ExpiresAt = expires,
        });

        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing, expires.AddTicks(-10))).Status);
        Assert.Equal(ConsentStatus.Expired, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing, expires)).Status);
        Context.Time.Advance(TimeSpan.FromDays(200));
        Assert.Equal(ConsentStatus.Expired, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task Record_EventCapturedBeforeALaterRecordedOptOut_DoesNotWin()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.Marketing, ConsentMethod.Keyword));
        Context.Time.Advance(TimeSpan.FromHours(1));
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing) with { CapturedAt = StoreTestContext.Start.AddDays(-30) });

        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task Record_SameEventIdTwice_RecordsOnceAndReturnsTheFirstRecord()
    {
        var person = StoreTestContext.Person(1);
        var stop = ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword) with { EventId = "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTJBNzBEQkE3" };

        var first = await Ledger.RecordAsync(stop);
        Context.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await Ledger.RecordAsync(stop);

        Assert.Equal(first, second);
        Assert.Equal(1, (await Ledger.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task RecordMany_MixedValidAndInvalid_RecordsTheValidAndReportsEachInvalid()
    {
        var events = new[]
        {
            OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing),
            OptIn(StoreTestContext.Person(2), ConsentPurpose.Marketing) with { CapturedAt = StoreTestContext.Start.AddDays(2) },
            OptIn(StoreTestContext.Person(3), ConsentPurpose.Marketing),
            ConsentEvent.OptOut(StoreTestContext.Person(4), ConsentPurpose.Marketing, ConsentMethod.Api) with { ExpiresAt = StoreTestContext.Start.AddDays(1) },
            new ConsentEvent { Identifier = default, Purpose = ConsentPurpose.Marketing, Action = ConsentAction.OptIn, Method = ConsentMethod.Api },
        };

        var result = await Ledger.RecordManyAsync(events);

        Assert.Equal(2, result.Recorded.Count);
        Assert.Equal([1L, 2L], result.Recorded.Select(r => r.Sequence));
        Assert.Equal(Context.Keys.GetKey(StoreTestContext.Person(3)), result.Recorded[1].Subject);
        Assert.Equal(
            [(1, "CONSENT_CAPTURED_IN_FUTURE"), (3, "CONSENT_OPT_OUT_EXPIRES"), (4, "CONSENT_NUMBER_MISSING")],
            result.Rejected.Select(r => (r.Index, r.Code)));
    }

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task Record_InvalidEvent_ThrowsWithItsCodeAndRecordsNothing(string code, Func<ConsentEvent, ConsentEvent> corrupt)
    {
        var valid = OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing);

        var error = await Assert.ThrowsAsync<ConsentValidationException>(() => Ledger.RecordAsync(corrupt(valid)).AsTask());

        Assert.Equal(code, error.Code);
        Assert.Equal(0, (await Ledger.GetHeadAsync()).Sequence);
    }

    /// <summary>Invalid events and the code each must be refused with.</summary>
    /// <returns>The cases.</returns>
    public static TheoryData<string, Func<ConsentEvent, ConsentEvent>> InvalidEvents() => new()
    {
        { "CONSENT_CAPTURED_IN_FUTURE", e => e with { CapturedAt = StoreTestContext.Start.AddMinutes(6) } },
        { "CONSENT_EXPIRES_BEFORE_CAPTURE", e => e with { ExpiresAt = StoreTestContext.Start.AddMinutes(-1) } },
        { "CONSENT_OPT_OUT_EXPIRES", e => e with { Action = ConsentAction.OptOut, ExpiresAt = StoreTestContext.Start.AddDays(1) } },
        { "CONSENT_IP_INVALID", e => e with { Evidence = s_form with { IpAddress = "not-an-ip" } } },
        { "CONSENT_FIELD_TOO_LONG", e => e with { Source = new string('s', 257) } },
        { "CONSENT_METHOD_INVALID", e => e with { Method = (ConsentMethod)99 } },
        { "CONSENT_ACTION_INVALID", e => e with { Action = (ConsentAction)0 } },
        { "CONSENT_NUMBER_MISSING", e => e with { Identifier = default } },
        { "CONSENT_FIELD_INVALID_CHARACTER", e => e with { Source = "web\0form" } },
        { "CONSENT_FIELD_INVALID_CHARACTER", e => e with { Evidence = s_form with { RawInput = "STOP \uD800" } } },
    };

    [Fact]
    public async Task Record_CapturedWithinClockSkew_IsAccepted()
    {
        var record = await Ledger.RecordAsync(OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing) with
        {
            CapturedAt = StoreTestContext.Start.AddMinutes(4),
        });

        Assert.Equal(StoreTestContext.Start.AddMinutes(4), record.CapturedAt);
    }

    [Fact]
    public async Task Record_TimestampsWithSubMicrosecondTicks_AreKeptToTheMicrosecondInUtc()
    {
        var captured = new DateTimeOffset(2026, 11, 1, 21, 30, 15, TimeSpan.FromHours(13)).AddTicks(1_234_567);

        var record = await Ledger.RecordAsync(OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing) with { CapturedAt = captured });
        var stored = await SingleHistoryAsync(StoreTestContext.Person(1));

        Assert.Equal(TimeSpan.Zero, stored.CapturedAt.Offset);
        Assert.Equal(captured.UtcTicks - 7, stored.CapturedAt.UtcTicks);
        Assert.Equal(record, stored);
    }

    [Fact]
    public async Task Record_ValuesWithQuotesSqlAndUnicode_RoundTripExactly()
    {
        var tricky = "O'Brien \"quoted\" '); DROP TABLE consent_records; -- \\ % _ 🇳🇿 Māori ⁠ 中文 \t end";
        var person = StoreTestContext.Person(1);
        var record = await Ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence(tricky, tricky) { CollectionPoint = tricky, UserAgent = tricky, MessageId = tricky, RawInput = tricky }) with
        {
            Source = tricky,
            BusinessName = "Ōtautahi Café & Co ' \"",
            Language = "mi-NZ",
            EventId = tricky,
        });

        var stored = await SingleHistoryAsync(person);

        Assert.Equal(record, stored);
        Assert.Equal(tricky, stored.Wording);
        Assert.Equal(tricky, stored.PersonalData!.UserAgent);
        Assert.True((await Ledger.VerifyAsync()).IsValid);
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Record_HostileTextInEveryField_RoundTripsExactlyAndTheLedgerVerifies(string text)
    {
        var person = StoreTestContext.Person(1);
        var record = await Ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence(text, text) { CollectionPoint = text, UserAgent = text, MessageId = text, RawInput = text }) with
        {
            Source = text,
            BusinessName = text,
            EventId = text,
        });

        var stored = await SingleHistoryAsync(person);
        var state = await Ledger.GetStateAsync(person, ConsentPurpose.Marketing);

        // The ledger trims its text fields (U+00A0, U+2028, U+2029 and U+0085 are white space); nothing else changes.
        var expected = text.Trim();
        Assert.Equal(record, stored);
        foreach (var kept in new[] { stored.Wording, stored.WordingVersion, stored.CollectionPoint, stored.Source, stored.BusinessName, stored.EventId,
            stored.PersonalData!.UserAgent, stored.PersonalData.MessageId, stored.PersonalData.RawInput })
        {
            Assert.True(string.Equals(expected, kept, StringComparison.Ordinal), $"Stored {HostileText.CodeUnits(expected)}, read back {HostileText.CodeUnits(kept)}.");
        }

        Assert.Equal(record.RecordId, state.Record!.RecordId);
        var verification = await Ledger.VerifyAsync();
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems.Select(p => p.Message)));
    }

    [Fact]
    public async Task RecordMany_InboundStopsWithByteOrderMarksAndOtherHostileText_AllVerify()
    {
        // One inbound "\uFEFFSTOP" once made the ledger report tampering: its raw input came back without the mark.
        var events = HostileText.Strings.Select((text, i) => ConsentEvent.OptOut(StoreTestContext.Person(i), ConsentPurpose.All, ConsentMethod.Keyword) with
        {
            Evidence = new ConsentEvidence { MessageId = "wamid." + i, RawInput = text },
            Source = "360dialog:main",
            EventId = $"360dialog:main:wamid.{i}:opt-out{text}",
        }).ToArray();

        var result = await Ledger.RecordManyAsync(events);

        Assert.Empty(result.Rejected);
        var verification = await Ledger.VerifyAsync();
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems.Select(p => p.Message)));
        for (var i = 0; i < HostileText.Strings.Length; i++)
        {
            var stored = await SingleHistoryAsync(StoreTestContext.Person(i));
            Assert.Equal(HostileText.Strings[i].Trim(), stored.PersonalData!.RawInput);
            Assert.Equal(events[i].EventId, stored.EventId);
            Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(StoreTestContext.Person(i), ConsentPurpose.Marketing)).Status);
        }
    }

    [Fact]
    public async Task History_ReturnsOnlyThatPersonsRecordsInSequenceOrder()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(StoreTestContext.Person(2), ConsentPurpose.Marketing));
        await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.Marketing, ConsentMethod.Keyword));

        var history = await HistoryAsync(person);

        Assert.Equal([1L, 3L], history.Select(r => r.Sequence));
        Assert.All(history, r => Assert.Equal(person.E164, r.PersonalData!.Identifier));
    }

    [Fact]
    public async Task Snapshots_ForManyNumbers_ReturnEachPersonsStateInOneCall()
    {
        await Ledger.RecordAsync(OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing));
        await Ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(2), ConsentPurpose.All, ConsentMethod.Keyword));
        var asked = new WhatsAppIdentifier[] { StoreTestContext.Person(1), StoreTestContext.Person(2), StoreTestContext.Person(3) };

        var snapshots = await Ledger.GetSnapshotsAsync(asked);
        var now = Context.Time.GetUtcNow();

        Assert.Equal(3, snapshots.Count);
        Assert.Equal(ConsentStatus.OptedIn, snapshots[asked[0]].GetState(ConsentPurpose.Marketing, now).Status);
        Assert.Equal(ConsentStatus.OptedOut, snapshots[asked[1]].GetState(ConsentPurpose.Marketing, now).Status);
        Assert.Equal(ConsentStatus.None, snapshots[asked[2]].GetState(ConsentPurpose.Marketing, now).Status);
    }

    [Fact]
    public async Task Verify_IntactLedger_IsValidAndReportsItsHead()
    {
        for (var i = 0; i < 50; i++)
        {
            await Ledger.RecordAsync(OptIn(StoreTestContext.Person(i % 7), i % 2 == 0 ? ConsentPurpose.Marketing : ConsentPurpose.Utility));
        }

        var head = await Ledger.GetHeadAsync();
        var result = await Ledger.VerifyAsync(head);

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal(50, result.RecordsChecked);
        Assert.Equal(head, result.Head);
    }

    [Fact]
    public async Task Verify_EmptyLedger_IsValid()
    {
        var result = await Ledger.VerifyAsync();

        Assert.True(result.IsValid);
        Assert.Equal(LedgerCheckpoint.Empty, result.Head);
    }

    [Fact]
    public async Task Verify_AlteredField_IsDetectedAtThatRecord()
    {
        await RecordSomeAsync(5);

        await CreateTampering(Store).AlterSourceAsync(3, "web:forged");
        var result = await Ledger.VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Sequence == 3 && p.Kind == LedgerProblemKind.Altered);
    }

    [Fact]
    public async Task Verify_AlteredPersonalData_IsDetected()
    {
        await RecordSomeAsync(5);

        await CreateTampering(Store).AlterPersonalDataAsync(2, "198.51.100.99");
        var result = await Ledger.VerifyAsync();

        Assert.Contains(result.Problems, p => p.Sequence == 2 && p.Kind == LedgerProblemKind.PersonalDataAltered);
    }

    [Fact]
    public async Task Verify_DeletedRecord_IsDetectedAsMissing()
    {
        await RecordSomeAsync(5);

        await CreateTampering(Store).DeleteAsync(3);
        var result = await Ledger.VerifyAsync();

        Assert.Contains(result.Problems, p => p.Sequence == 3 && p.Kind == LedgerProblemKind.Missing);
        Assert.Contains(result.Problems, p => p.Kind == LedgerProblemKind.BrokenLink);
    }

    [Fact]
    public async Task Verify_ReorderedRecords_AreDetected()
    {
        await RecordSomeAsync(5);

        await CreateTampering(Store).SwapAsync(2, 4);
        var result = await Ledger.VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Kind is LedgerProblemKind.BrokenLink or LedgerProblemKind.OutOfOrder or LedgerProblemKind.Altered);
    }

    [Fact]
    public async Task Verify_InsertedForgedRecord_IsDetectedEvenWhenItsOwnHashIsRight()
    {
        var records = await RecordSomeAsync(5);
        var forgedDraft = records[2] with { RecordId = Guid.NewGuid(), Action = ConsentAction.OptIn, Source = "forged" };
        var forged = ConsentChain.Seal(forgedDraft, 3, records[1].Hash);

        await CreateTampering(Store).InsertBeforeAsync(3, forged);
        var result = await Ledger.VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Kind is LedgerProblemKind.BrokenLink or LedgerProblemKind.OutOfOrder or LedgerProblemKind.Altered);
    }

    [Fact]
    public async Task Verify_TailRemovedAfterACheckpoint_IsDetectedAsTruncated()
    {
        await RecordSomeAsync(5);
        var checkpoint = await Ledger.GetHeadAsync();

        await CreateTampering(Store).DeleteAsync(5);
        var result = await Ledger.VerifyAsync(checkpoint);

        Assert.Contains(result.Problems, p => p.Kind == LedgerProblemKind.Truncated);
    }

    [Fact]
    public async Task Verify_RecordsAppendedAfterACheckpoint_StillVerify()
    {
        await RecordSomeAsync(3);
        var checkpoint = await Ledger.GetHeadAsync();
        await RecordSomeAsync(3, firstPerson: 10);

        var result = await Ledger.VerifyAsync(checkpoint);

        Assert.True(result.IsValid);
        Assert.Equal(6, result.Head.Sequence);
    }

    [Fact]
    public async Task Erase_RemovesPersonalDataKeepsChainAndLeavesThePersonOptedOut()
    {
        var person = StoreTestContext.Person(1);
        var other = StoreTestContext.Person(2);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing) with { Evidence = s_form with { MessageId = "wamid.1", RawInput = "YES" } });
        await Ledger.RecordAsync(OptIn(other, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Utility));

        var erasure = await Ledger.EraseAsync(person, "ticket-42");
        var history = await HistoryAsync(person);

        Assert.Equal(2, erasure.RecordsScrubbed);
        Assert.Equal(3, history.Count);
        Assert.All(history, r => Assert.Null(r.PersonalData));
        Assert.True(history[0].IsErased);
        Assert.Equal(ConsentMethod.DataSubjectRequest, erasure.ErasureRecord.Method);
        Assert.Equal(ConsentPurpose.All, erasure.ErasureRecord.Purpose);
        Assert.Equal("ticket-42", erasure.ErasureRecord.Source);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, ConsentPurpose.Utility)).Status);
        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(other, ConsentPurpose.Marketing)).Status);
        Assert.NotNull((await SingleHistoryAsync(other)).PersonalData);
        Assert.True((await Ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Erase_ThenNewExplicitOptIn_IsRecordedWithItsPersonalData()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));
        await Ledger.EraseAsync(person);
        Context.Time.Advance(TimeSpan.FromDays(1));

        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing));

        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, ConsentPurpose.Utility)).Status);
        Assert.NotNull((await HistoryAsync(person))[^1].PersonalData);
    }

    [Fact]
    public async Task Export_HoldsRecordsStatesAndKantaraReceipts()
    {
        var person = StoreTestContext.Person(1);
        await Ledger.RecordAsync(OptIn(person, ConsentPurpose.Marketing) with { Language = "en" });
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        await Ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.Marketing, ConsentMethod.Keyword));

        var export = await Ledger.ExportAsync(person);
        using var json = JsonDocument.Parse(export.ToJson());
        var root = json.RootElement;

        Assert.Equal(person.E164, root.GetProperty("piiPrincipalId").GetString());
        Assert.Equal(2, root.GetProperty("records").GetArrayLength());
        Assert.Equal("opted_out", root.GetProperty("currentStates")[0].GetProperty("status").GetString());
        var receipt = root.GetProperty("receipts")[0];
        Assert.Equal("KI-CR-v1.1.0", receipt.GetProperty("version").GetString());
        Assert.Equal("web_form", receipt.GetProperty("collectionMethod").GetString());
        Assert.Equal("Acme Ltd", receipt.GetProperty("piiControllers")[0].GetProperty("piiController").GetString());
        Assert.Equal("marketing", receipt.GetProperty("services")[0].GetProperty("purposes")[0].GetProperty("purpose").GetString());
        Assert.Equal(StoreTestContext.Start.ToUnixTimeSeconds(), receipt.GetProperty("consentTimestamp").GetInt64());
        Assert.Equal("given", receipt.GetProperty("iso27560").GetProperty("eventState").GetString());
        Assert.Equal("203.0.113.7", root.GetProperty("records")[0].GetProperty("evidence").GetProperty("ipAddress").GetString());
    }

    [Fact]
    public async Task Append_ConcurrentFromManyThreads_KeepsOneGaplessVerifiableChain()
    {
        const int Threads = 8;
        const int PerThread = 25;
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                await Ledger.RecordAsync(OptIn(StoreTestContext.Person((t * PerThread) + i), ConsentPurpose.Marketing));
            }
        })));

        var result = await Ledger.VerifyAsync();
        var sequences = new List<long>();
        await foreach (var record in Store.ReadAsync())
        {
            sequences.Add(record.Sequence);
        }

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal(Enumerable.Range(1, Threads * PerThread).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task Read_FromASequence_StartsThere()
    {
        await RecordSomeAsync(5);

        var sequences = new List<long>();
        await foreach (var record in Store.ReadAsync(4))
        {
            sequences.Add(record.Sequence);
        }

        Assert.Equal([4L, 5L], sequences);
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task Record_ThroughAnIdentifierOfAnyKind_IsReadBackUnderItsOwnSubjectWithItsStoredForm(string kind)
    {
        var identifier = StoreTestContext.Identifier(kind);

        var record = await Ledger.RecordAsync(ConsentEvent.OptIn(identifier, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
        var state = await Ledger.GetStateAsync(identifier, ConsentPurpose.Marketing);
        var stored = await SingleHistoryAsync(identifier);

        Assert.Equal(ConsentStatus.OptedIn, state.Status);
        Assert.Equal(record.RecordId, state.Record!.RecordId);
        Assert.Equal(Context.Keys.GetKey(identifier), record.Subject);
        Assert.Equal(record, stored);
        Assert.Equal(identifier.Value, stored.PersonalData!.Identifier);
        Assert.Equal(ConsentStatus.OptedIn, (await Store.GetSnapshotAsync(identifier)).GetState(ConsentPurpose.Marketing, Context.Time.GetUtcNow()).Status);
        Assert.True((await Ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Record_UserIdAndNumberNotLinked_AreSeparateSubjects()
    {
        var number = StoreTestContext.Person(1);
        var userId = StoreTestContext.UserId(1);
        await Ledger.RecordAsync(OptIn(number, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(ConsentEvent.OptOut(userId, ConsentPurpose.All, ConsentMethod.Keyword));

        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(number, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(userId, ConsentPurpose.Marketing)).Status);
        Assert.NotEqual(Context.Keys.GetKey(number), Context.Keys.GetKey(userId));
        Assert.Single(await HistoryAsync(userId));
    }

    [Fact]
    public async Task Snapshots_ForUserIdsParentIdsAndNumbersTogether_ReturnEachUnderTheIdentifierAsked()
    {
        await Ledger.RecordAsync(OptIn(StoreTestContext.UserId(1), ConsentPurpose.Marketing));
        await Ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.ParentUserId(1), ConsentPurpose.All, ConsentMethod.Keyword));
        await Ledger.RecordAsync(OptIn(StoreTestContext.NumberOfKind("fixed_line"), ConsentPurpose.Utility));
        var asked = new WhatsAppIdentifier[]
        {
            StoreTestContext.UserId(1), StoreTestContext.ParentUserId(1), StoreTestContext.NumberOfKind("fixed_line"),
            StoreTestContext.UserId(2), StoreTestContext.Person(1),
        };

        var snapshots = await Store.GetSnapshotsAsync(asked);
        var now = Context.Time.GetUtcNow();

        Assert.Equal(5, snapshots.Count);
        Assert.Equal(ConsentStatus.OptedIn, snapshots[StoreTestContext.UserId(1)].GetState(ConsentPurpose.Marketing, now).Status);
        Assert.Equal(ConsentStatus.OptedOut, snapshots[StoreTestContext.ParentUserId(1)].GetState(ConsentPurpose.Marketing, now).Status);
        Assert.Equal(ConsentStatus.OptedIn, snapshots[StoreTestContext.NumberOfKind("fixed_line")].GetState(ConsentPurpose.Utility, now).Status);
        Assert.Equal(ConsentStatus.None, snapshots[StoreTestContext.UserId(2)].GetState(ConsentPurpose.Marketing, now).Status);
        Assert.Equal(ConsentStatus.None, snapshots[StoreTestContext.Person(1)].GetState(ConsentPurpose.Marketing, now).Status);
    }

    [Fact]
    public async Task History_ThroughAUserId_ReturnsOnlyThatIdentifiersRecordsInSequenceOrder()
    {
        var userId = StoreTestContext.UserId(1);
        await Ledger.RecordAsync(OptIn(userId, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(StoreTestContext.UserId(2), ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing));
        await Ledger.RecordAsync(ConsentEvent.OptOut(userId, ConsentPurpose.Marketing, ConsentMethod.Keyword));

        var history = await HistoryAsync(userId);

        Assert.Equal([1L, 4L], history.Select(r => r.Sequence));
        Assert.All(history, r => Assert.Equal(userId.Value, r.PersonalData!.Identifier));
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(userId, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task Erase_ThroughAUserId_RemovesItsPersonalDataKeepsTheChainAndLeavesItOptedOut()
    {
        var userId = StoreTestContext.UserId(1);
        var other = StoreTestContext.ParentUserId(1);
        await Ledger.RecordAsync(OptIn(userId, ConsentPurpose.Marketing));
        await Ledger.RecordAsync(OptIn(other, ConsentPurpose.Marketing));

        var erasure = await Ledger.EraseAsync(userId, "ticket-7");
        var history = await HistoryAsync(userId);

        Assert.Equal(1, erasure.RecordsScrubbed);
        Assert.Equal(2, history.Count);
        Assert.All(history, r => Assert.Null(r.PersonalData));
        Assert.Equal(Context.Keys.GetKey(userId), erasure.ErasureRecord.Subject);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(userId, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedIn, (await Ledger.GetStateAsync(other, ConsentPurpose.Marketing)).Status);
        Assert.NotNull((await SingleHistoryAsync(other)).PersonalData);
        Assert.True((await Ledger.VerifyAsync()).IsValid);
    }

    /// <summary>Records opt-ins for consecutive people.</summary>
    /// <param name="count">How many.</param>
    /// <param name="firstPerson">The first person's index.</param>
    /// <returns>The records.</returns>
    protected async Task<List<ConsentRecord>> RecordSomeAsync(int count, int firstPerson = 0)
    {
        var records = new List<ConsentRecord>();
        for (var i = 0; i < count; i++)
        {
            records.Add(await Ledger.RecordAsync(OptIn(StoreTestContext.Person(firstPerson + i), ConsentPurpose.Marketing)));
        }

        return records;
    }

    private async Task<List<ConsentRecord>> HistoryAsync(WhatsAppIdentifier number)
    {
        var records = new List<ConsentRecord>();
        await foreach (var record in Ledger.GetHistoryAsync(number))
        {
            records.Add(record);
        }

        return records;
    }

    private async Task<ConsentRecord> SingleHistoryAsync(WhatsAppIdentifier number) => Assert.Single(await HistoryAsync(number));
}
