using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Web.Api;

/// <summary>Reads typed query-string values; every reader answers an error message instead of throwing on bad input.</summary>
internal static partial class QueryValues
{
    public sealed class Invalid(string message, string attr) : Exception(message)
    {
        public string Attr { get; } = attr;
    }

    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) ? Trimmed(v.ToString()) : null;

    /// <summary>A value as given, trimmed; null when missing or blank.</summary>
    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool? Bool(HttpRequest request, string name) => Text(request, name)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        var other => throw new Invalid($"{name} must be true or false, not '{other}'.", name),
    };

    public static double? Number(HttpRequest request, string name, double min = 0)
    {
        var text = Text(request, name);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min)
            throw new Invalid($"{name} must be a number of at least {min}.", name);
        return value;
    }

    public static int Int(HttpRequest request, string name, int fallback, int min, int max) => Int(Text(request, name), name, fallback, min, max);

    public static int Int(string? text, string name, int fallback, int min, int max)
    {
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new Invalid($"{name} must be an integer of at least {min}.", name);
        return Math.Min(value, max);
    }

    /// <summary>
    /// An ISO 8601 time (UTC when no offset is given) or a time relative to now as PostHog writes them: <c>-7d</c>,
    /// <c>-24h</c>, <c>-30M</c> (minutes), <c>-2w</c>, <c>-1m</c> (months), <c>-1q</c>, <c>-1y</c>, each optionally with
    /// <c>Start</c> or <c>End</c> (<c>-3dStart</c>: the start of that day, UTC); <c>dStart</c> is today's start.
    /// </summary>
    public static DateTimeOffset? Time(HttpRequest request, string name, DateTimeOffset now) => Time(Text(request, name), name, now);

    /// <param name="end">A bare date (2026-01-31) means its end rather than its start, as a date_to does.</param>
    public static DateTimeOffset? Time(string? text, string name, DateTimeOffset now, bool end = false)
    {
        if (text is null) return null;
        var relative = Relative().Match(text);
        if (relative.Success)
        {
            var n = relative.Groups[1].Length == 0 ? 0 : int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            if (n > 100_000) throw new Invalid($"{name} lies too far in the past.", name);
            var unit = relative.Groups[2].Value;
            var at = unit switch
            {
                "M" => now.AddMinutes(-n),
                "h" => now.AddHours(-n),
                "d" => now.AddDays(-n),
                "w" => now.AddDays(-7 * n),
                "m" => now.AddMonths(-Math.Min(n, 12 * 100)),
                "q" => now.AddMonths(-3 * Math.Min(n, 4 * 100)),
                _ => now.AddYears(-Math.Min(n, 100)),
            };
            return relative.Groups[3].Value switch
            {
                "Start" => StartOf(at.ToUniversalTime(), unit),
                "End" => Next(StartOf(at.ToUniversalTime(), unit), unit).AddTicks(-1),
                _ => at,
            };
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return end && DateOnly.TryParseExact(text, "yyyy-MM-dd", out _) ? time.AddDays(1).AddTicks(-1) : time;
        throw new Invalid($"{name} must be an ISO 8601 time (2026-01-31T12:00:00Z) or relative like -7d, -24h, -30M, -2w, -1m, -1q, -1y, optionally with Start or End (-3dStart).", name);
    }

    private static DateTimeOffset StartOf(DateTimeOffset t, string unit) => unit switch
    {
        "M" => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero),
        "h" => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero),
        "d" => new DateTimeOffset(t.Date, TimeSpan.Zero),
        // Weeks start on Sunday, as in PostHog's default.
        "w" => new DateTimeOffset(t.Date.AddDays(-(int)t.DayOfWeek), TimeSpan.Zero),
        "m" => new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero),
        "q" => new DateTimeOffset(t.Year, (t.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero),
        _ => new DateTimeOffset(t.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static DateTimeOffset Next(DateTimeOffset start, string unit) => unit switch
    {
        "M" => start.AddMinutes(1),
        "h" => start.AddHours(1),
        "d" => start.AddDays(1),
        "w" => start.AddDays(7),
        "m" => start.AddMonths(1),
        "q" => start.AddMonths(3),
        _ => start.AddYears(1),
    };

    /// <summary>A comma-separated list or a JSON array of strings.</summary>
    public static IReadOnlyList<string>? List(HttpRequest request, string name, int max) => List(Text(request, name), name, max);

    public static IReadOnlyList<string>? List(string? text, string name, int max)
    {
        text = Trimmed(text);
        if (text is null) return null;
        List<string> items;
        if (text.StartsWith('['))
        {
            try
            {
                items = JsonSerializer.Deserialize<List<string>>(text) ?? [];
            }
            catch (JsonException)
            {
                throw new Invalid($"{name} must be a JSON array of strings or a comma-separated list.", name);
            }
        }
        else items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        items = items.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).ToList();
        if (items.Count == 0) throw new Invalid($"{name} is empty.", name);
        if (items.Count > max) throw new Invalid($"{name} may hold at most {max} ids.", name);
        if (items.Any(i => i.Length > 128)) throw new Invalid($"{name} holds an id longer than 128 characters.", name);
        return items;
    }

    [GeneratedRegex("^-?([0-9]{0,6})([Mhdwmqy])(Start|End)?$")] private static partial Regex Relative();
}
