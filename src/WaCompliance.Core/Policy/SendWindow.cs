using System.Globalization;
using System.Text;

namespace WaCompliance.Policy;

/// <summary>
/// The local hours, per day of the week, in which marketing may be sent, e.g. <c>08:00-21:00</c> (every day),
/// <c>Mon-Sat 09:00-21:00; Sun 12:00-21:00</c> (Texas) or <c>Mon-Fri 09:00-18:00; Sat 10:00-17:00</c> (Rhode Island:
/// days not listed have no sending hours).
/// </summary>
public sealed class SendWindow : IEquatable<SendWindow>
{
    private static readonly string[] s_dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private readonly DayHours?[] _days;

    private SendWindow(DayHours?[] days) => _days = days;

    /// <summary>Every hour of every day: no restriction.</summary>
    public static SendWindow Always { get; } = new(Enumerable.Repeat<DayHours?>(new DayHours(TimeOnly.MinValue, TimeOnly.MaxValue), 7).ToArray());

    /// <summary>The hours of a day, or <see langword="null"/> when nothing may be sent that day.</summary>
    /// <param name="day">The day.</param>
    /// <returns>The start (inclusive) and end (exclusive).</returns>
    public (TimeOnly Start, TimeOnly End)? HoursOn(DayOfWeek day) => _days[(int)day] is { } h ? (h.Start, h.End) : null;

    /// <summary>Whether a local time lies inside the window.</summary>
    /// <param name="local">The local date and time.</param>
    /// <returns><see langword="true"/> when sending is allowed.</returns>
    public bool Contains(DateTime local)
    {
        if (_days[(int)local.DayOfWeek] is not { } hours)
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local);
        return time >= hours.Start && (time < hours.End || hours.End == TimeOnly.MaxValue);
    }

    /// <summary>The hours allowed by both windows.</summary>
    /// <param name="other">The other window.</param>
    /// <returns>The intersection.</returns>
    public SendWindow Intersect(SendWindow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var days = new DayHours?[7];
        for (var i = 0; i < 7; i++)
        {
            if (_days[i] is { } a && other._days[i] is { } b)
            {
                var start = a.Start > b.Start ? a.Start : b.Start;
                var end = a.End < b.End ? a.End : b.End;
                days[i] = start < end ? new DayHours(start, end) : null;
            }
        }

        return new SendWindow(days);
    }

    /// <summary>Parses a window specification.</summary>
    /// <param name="specification">For example <c>08:00-21:00</c> or <c>Mon-Sat 09:00-21:00; Sun 12:00-21:00</c>.</param>
    /// <returns>The window.</returns>
    /// <exception cref="FormatException">The specification is malformed; the message says where.</exception>
    public static SendWindow Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var days = new DayHours?[7];
        var parts = specification.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("A send window is required, e.g. '08:00-21:00' or 'Mon-Sat 09:00-21:00; Sun 12:00-21:00'.");
        }

        foreach (var part in parts)
        {
            var pieces = part.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var (dayList, range) = pieces.Length switch
            {
                1 => ("Sun-Sat", pieces[0]),
                2 => (pieces[0], pieces[1]),
                _ => throw new FormatException($"'{part}' is not '<days> HH:mm-HH:mm'."),
            };
            var hours = ParseRange(range, part);
            foreach (var day in ParseDays(dayList, part))
            {
                if (days[day] is not null)
                {
                    throw new FormatException($"'{part}' repeats {s_dayNames[day]}.");
                }

                days[day] = hours;
            }
        }

        return new SendWindow(days);
    }

    /// <summary>The canonical specification, e.g. <c>Mon-Sat 09:00-21:00; Sun 12:00-21:00</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var order = new[] { 1, 2, 3, 4, 5, 6, 0 };
        var i = 0;
        while (i < order.Length)
        {
            var day = order[i];
            var hours = _days[day];
            var j = i;
            while (j + 1 < order.Length && Equals(_days[order[j + 1]], hours))
            {
                j++;
            }

            if (hours is { } h)
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                if (!(i == 0 && j == order.Length - 1))
                {
                    text.Append(s_dayNames[day]);
                    if (j > i)
                    {
                        text.Append('-').Append(s_dayNames[order[j]]);
                    }

                    text.Append(' ');
                }

                text.Append(h.Start.ToString("HH:mm", CultureInfo.InvariantCulture)).Append('-')
                    .Append(h.End == TimeOnly.MaxValue ? "24:00" : h.End.ToString("HH:mm", CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return text.Length == 0 ? "never" : text.ToString();
    }

    /// <inheritdoc />
    public bool Equals(SendWindow? other) => other is not null && _days.SequenceEqual(other._days);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SendWindow);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static DayHours ParseRange(string range, string part)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0
            || !TimeOnly.TryParseExact(range[..dash], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new FormatException($"'{part}': the hours must read HH:mm-HH:mm, e.g. 08:00-21:00.");
        }

        var endText = range[(dash + 1)..];
        TimeOnly end;
        if (endText == "24:00")
        {
            end = TimeOnly.MaxValue;
        }
        else if (!TimeOnly.TryParseExact(endText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
        {
            throw new FormatException($"'{part}': the hours must read HH:mm-HH:mm, e.g. 08:00-21:00.");
        }

        if (end <= start)
        {
            throw new FormatException($"'{part}': the window must end after it starts.");
        }

        return new DayHours(start, end);
    }

    private static IEnumerable<int> ParseDays(string days, string part)
    {
        foreach (var item in days.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var first = Day(dash < 0 ? item : item[..dash], part);
            var last = dash < 0 ? first : Day(item[(dash + 1)..], part);
            for (var day = first; ; day = (day + 1) % 7)
            {
                yield return day;
                if (day == last)
                {
                    break;
                }
            }
        }
    }

    private static int Day(string name, string part)
    {
        var index = Array.FindIndex(s_dayNames, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new FormatException($"'{part}': '{name}' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
    }

    private sealed record DayHours(TimeOnly Start, TimeOnly End);
}
