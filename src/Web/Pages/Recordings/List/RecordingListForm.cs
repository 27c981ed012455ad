using Microsoft.AspNetCore.Mvc.ModelBinding;
using Modules.Recordings.Contracts;
using Web.Listing;

namespace Web.Pages.Recordings.List;

/// <summary>
/// The recordings list's filters as the address carries them (the list's GET form, and the player's playlist, which
/// shows the same list). Every field is read as text here, so a bad value gets a message, never a 500.
/// </summary>
public sealed class RecordingListForm
{
    /// <summary>The address's names of the filters, in the order the form shows them.</summary>
    public static readonly string[] Names = ["from", "to", "url", "person", "personUuid", "sessionIds", "minSeconds", "maxSeconds", "errors", "kind", "viewed", "persisted", "order"];

    public string? From { get; init; }
    public string? To { get; init; }
    public string? Person { get; init; }
    public string? PersonUuid { get; init; }
    public string? SessionIds { get; init; }
    public string? StartUrl { get; init; }
    public string? MinSeconds { get; init; }
    public string? MaxSeconds { get; init; }
    public string? Errors { get; init; }
    public string? Persisted { get; init; }
    public string? Viewed { get; init; }
    public string? KindFilter { get; init; }
    public string? OrderBy { get; init; }
    public string Kind => string.IsNullOrEmpty(KindFilter) ? "all" : KindFilter;
    public string Order => string.IsNullOrEmpty(OrderBy) ? "-start_time" : OrderBy;

    public static readonly (string Value, string Label)[] Orders =
    [
        ("-start_time", "Newest first"), ("start_time", "Oldest first"), ("-duration", "Longest"), ("duration", "Shortest"),
        ("-active_seconds", "Most active"), ("active_seconds", "Least active"),
        ("-console_error_count", "Most console errors"), ("console_error_count", "Fewest console errors"),
    ];

    public static readonly (string Value, string Label)[] Kinds =
        [("all", "All sessions"), ("replayable", "Replayable only"), ("behavior", "Not replayable (behaviour only)")];

    public static RecordingListForm Read(IQueryCollection query)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        return new RecordingListForm
        {
            From = Get("from"), To = Get("to"), Person = Get("person"), PersonUuid = Get("personUuid"), SessionIds = Get("sessionIds"),
            StartUrl = Get("url"), MinSeconds = Get("minSeconds"), MaxSeconds = Get("maxSeconds"), Errors = Get("errors"),
            Persisted = Get("persisted"), Viewed = Get("viewed"), KindFilter = Get("kind"), OrderBy = Get("order"),
        };
    }

    /// <summary>The filters that are set, by their address name, as the form shows them.</summary>
    public IEnumerable<(string Name, string Value)> Set()
    {
        (string, string?)[] all =
        [
            ("from", From), ("to", To), ("url", StartUrl), ("person", Person), ("personUuid", PersonUuid), ("sessionIds", SessionIds),
            ("minSeconds", MinSeconds), ("maxSeconds", MaxSeconds), ("errors", Errors), ("kind", KindFilter == "all" ? null : KindFilter),
            ("viewed", Viewed), ("persisted", Persisted), ("order", OrderBy == "-start_time" ? null : OrderBy),
        ];
        return all.Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => (p.Item1, p.Item2!.Trim()));
    }

    /// <summary>The set filters as a query string ("" or "?a=b&amp;…").</summary>
    public string QueryString(params (string Name, string Value)[] extra)
    {
        var pairs = Set().Concat(extra).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}").ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    /// <summary>
    /// The list query these filters ask for, read by the API's rules (<see cref="ListFilterReader"/>), or null with a
    /// message in <paramref name="errors"/> for each unusable field.
    /// </summary>
    public RecordingListQuery? ToQuery(int environmentId, int adminId, int limit, int offset, ModelStateDictionary errors, DateTimeOffset now)
    {
        var values = Set().ToDictionary(f => f.Name, f => f.Value);
        values["order"] = Order; // the form's default, newest first, also for a list of session ids
        var reader = new ListFilterReader(values.GetValueOrDefault, ListFilterReader.Dashboard,
            (field, message) => errors.AddModelError(field.Name, message), now);
        // Viewed means viewed by the signed-in admin, in the rows and in the filter.
        var query = reader.Read(environmentId, limit, offset, adminId);
        return errors.IsValid ? query : null;
    }
}
