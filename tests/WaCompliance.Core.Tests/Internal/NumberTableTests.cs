using System.Globalization;
using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Tests.Internal;

public sealed class NumberTableTests
{
    private static readonly WhatsAppNumber[] s_numbers = Enumerable.Range(0, 5000)
        .Select(i => WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + i}")))
        .ToArray();

    [Fact]
    public void SetFindRemove_ThroughManyResizes_KeepsEveryKey()
    {
        var table = new NumberTable<string>();
        for (var i = 0; i < s_numbers.Length; i++)
        {
            table.Set(s_numbers[i], i.ToString(CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < s_numbers.Length; i += 2)
        {
            Assert.True(table.Remove(s_numbers[i]));
        }

        for (var i = 0; i < s_numbers.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? null : i.ToString(CultureInfo.InvariantCulture), table.Find(s_numbers[i]));
        }

        Assert.Equal(s_numbers.Length / 2, table.Count);
        Assert.False(table.Remove(s_numbers[0]));
    }

    [Fact]
    public void Set_AfterRemove_ReusesTheSlotAndFindsTheNewValue()
    {
        var table = new NumberTable<string>();
        table.Set(s_numbers[0], "a");
        table.Remove(s_numbers[0]);

        table.Set(s_numbers[0], "b");
        table.Set(s_numbers[0], "c");

        Assert.Equal("c", table.Find(s_numbers[0]));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public async Task Find_WhileAnotherThreadWrites_NeverMissesAKeyThatStaysPresent()
    {
        var table = new NumberTable<string>();
        var stable = s_numbers[..500];
        foreach (var number in stable)
        {
            table.Set(number, "stable");
        }

        var rounds = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var number in s_numbers[500..])
                {
                    table.Set(number, "churn");
                }

                foreach (var number in s_numbers[500..])
                {
                    table.Remove(number);
                }

                Interlocked.Increment(ref rounds);
            }
        });

        var misses = 0;
        while (Volatile.Read(ref rounds) < 20)
        {
            foreach (var number in stable)
            {
                if (table.Find(number) != "stable")
                {
                    misses++;
                }
            }
        }

        await stop.CancelAsync();
        await writer;
        Assert.Equal(0, misses);
    }
}
