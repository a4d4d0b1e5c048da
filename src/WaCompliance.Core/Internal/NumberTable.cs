using System.Numerics;
using WaCompliance.Numbers;

namespace WaCompliance.Internal;

/// <summary>
/// A hash table from numbers to values built for lookups from many threads while one writer (holding the owner's
/// lock) changes it: open addressing with linear probing over an array of (digits, value) pairs, so a lookup
/// usually touches one cache line. Removal leaves a tombstone, so a concurrent lookup never misses a key that is
/// present. Readers need no lock; writers must be serialized by the caller.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class NumberTable<T>
    where T : class
{
    private const ulong Empty = 0;
    private const ulong Tombstone = ulong.MaxValue;
    private const ulong FibonacciMultiplier = 0x9E3779B97F4A7C15;

    private Slot[] _slots;
    private int _shift;
    private int _occupied;
    private int _count;

    public NumberTable(int capacity = 16)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _slots = new Slot[size];
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>How many keys are present.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Looks up a number. Safe from any thread.</summary>
    public T? Find(WhatsAppNumber number)
    {
        var key = number.Key;
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        var index = (int)((key * FibonacciMultiplier) >> ShiftFor(slots)) & mask;
        while (true)
        {
            var slotKey = Volatile.Read(ref slots[index].Key);
            if (slotKey == key)
            {
                return Volatile.Read(ref slots[index].Value);
            }

            if (slotKey == Empty)
            {
                return null;
            }

            index = (index + 1) & mask;
        }
    }

    /// <summary>Adds or replaces the value of a number. Callers serialize writes.</summary>
    public void Set(WhatsAppNumber number, T value)
    {
        var key = number.Key;
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = (int)((key * FibonacciMultiplier) >> _shift) & mask;
        var firstTombstone = -1;
        while (true)
        {
            var slotKey = slots[index].Key;
            if (slotKey == key)
            {
                Volatile.Write(ref slots[index].Value, value);
                return;
            }

            if (slotKey == Tombstone && firstTombstone < 0)
            {
                firstTombstone = index;
            }

            if (slotKey == Empty)
            {
                break;
            }

            index = (index + 1) & mask;
        }

        if (firstTombstone >= 0)
        {
            // The key is absent from the whole probe chain: reuse the first tombstone.
            Volatile.Write(ref slots[firstTombstone].Value, value);
            Volatile.Write(ref slots[firstTombstone].Key, key);
        }
        else
        {
            Volatile.Write(ref slots[index].Value, value);
            Volatile.Write(ref slots[index].Key, key);
            _occupied++;
        }

        Volatile.Write(ref _count, _count + 1);
        if (_occupied * 2 > slots.Length)
        {
            Grow();
        }
    }

    /// <summary>Removes a number. Callers serialize writes.</summary>
    public bool Remove(WhatsAppNumber number)
    {
        var key = number.Key;
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = (int)((key * FibonacciMultiplier) >> _shift) & mask;
        while (true)
        {
            var slotKey = slots[index].Key;
            if (slotKey == key)
            {
                Volatile.Write(ref slots[index].Key, Tombstone);
                Volatile.Write(ref slots[index].Value, null);
                Volatile.Write(ref _count, _count - 1);
                return true;
            }

            if (slotKey == Empty)
            {
                return false;
            }

            index = (index + 1) & mask;
        }
    }

    private static int ShiftFor(Slot[] slots) => 64 - BitOperations.Log2((uint)slots.Length);

    private void Grow()
    {
        var old = _slots;
        var size = _count * 4 > old.Length ? old.Length * 2 : old.Length;
        var slots = new Slot[size];
        var shift = 64 - BitOperations.Log2((uint)size);
        var mask = size - 1;
        var occupied = 0;
        foreach (var slot in old)
        {
            if (slot.Key is Empty or Tombstone)
            {
                continue;
            }

            var index = (int)((slot.Key * FibonacciMultiplier) >> shift) & mask;
            while (slots[index].Key != Empty)
            {
                index = (index + 1) & mask;
            }

            slots[index] = slot;
            occupied++;
        }

        _occupied = occupied;
        _shift = shift;
        Volatile.Write(ref _slots, slots);
    }

    private struct Slot
    {
        public ulong Key;
        public T? Value;
    }
}
