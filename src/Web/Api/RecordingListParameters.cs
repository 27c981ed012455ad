using Modules.Recordings.Contracts;
using Web.Listing;

namespace Web.Api;

/// <summary>
/// The list's query string: PostHog's <c>RecordingsQuery</c> parameters and a few of ours. Every parameter is either
/// implemented or refused with a 400 naming it: a filter that is not applied would answer a silently wider list.
/// </summary>
internal static class RecordingListParameters
{
    public const int MaxSessionIds = ListFilterReader.MaxSessionIds;

    /// <summary>Parameters read here or by the API as a whole (paging, the key).</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "limit", "offset", "personal_api_key", "date_from", "date_to", "distinct_id", "distinct_ids", "person_uuid", "session_ids",
        "min_duration", "max_duration", "start_url", "has_console_errors", "persisted", "viewed", "snapshot_source", "order",
        "order_direction", "events", "properties", "console_log_filters", "operand", "actions", "filter_test_accounts",
        "having_predicates", "kind", "user_modified_filters", "version", "hogql_filtering", "as_query", "format",
    };

    public static string OrderNames => ListFilterReader.OrderNames;

    /// <param name="viewerAdminId">The key's admin, whose views <c>viewed</c> means; null for a key of no admin.</param>
    /// <exception cref="QueryValues.Invalid">When a value is not usable or a parameter is not supported.</exception>
    public static RecordingListQuery Read(HttpRequest request, int environmentId, Paging paging, DateTimeOffset now, int? viewerAdminId)
    {
        Refuse(request);
        var direction = QueryValues.Text(request, "order_direction")?.ToUpperInvariant();
        if (direction is not (null or "ASC" or "DESC"))
            throw new QueryValues.Invalid("order_direction must be ASC or DESC.", "order_direction");
        var reader = new ListFilterReader(name => QueryValues.Text(request, name), ListFilterReader.Api,
            (field, message) => throw new QueryValues.Invalid(message, field.Name), now);
        var query = reader.Read(environmentId, paging.Limit, paging.Offset, viewerAdminId, direction) with
        {
            DistinctIds = QueryValues.List(request, "distinct_ids", MaxSessionIds),
            Events = PostHogFilters.Events(QueryValues.Text(request, "events")),
            Properties = PostHogFilters.Properties(QueryValues.Text(request, "properties")),
            Console = PostHogFilters.Console(QueryValues.Text(request, "console_log_filters")),
        };
        // Every condition must hold here; PostHog's OR would answer more, so it is refused where it would matter.
        if (QueryValues.Text(request, "operand") is { } operand && !operand.Equals("AND", StringComparison.OrdinalIgnoreCase)
            && (operand != "OR" || PostHogFilters.Count(query) > 1))
            throw new QueryValues.Invalid("operand: only AND is supported (every filter must hold).", "operand");
        return query;
    }

    /// <summary>Parameters PostHog has and this server does not implement, and any it does not know, are named in a 400.</summary>
    private static void Refuse(HttpRequest request)
    {
        foreach (var key in request.Query.Keys)
            if (!Known.Contains(key))
                throw new QueryValues.Invalid($"Unknown parameter '{key}'. The list takes: {string.Join(", ", Known.Order(StringComparer.Ordinal))}.", key);
        if (QueryValues.Text(request, "actions") is { } actions && actions.Replace(" ", "") != "[]")
            throw new QueryValues.Invalid("actions are not supported: this server keeps no actions; filter with events instead.", "actions");
        if (QueryValues.Text(request, "having_predicates") is { } having && having.Replace(" ", "") != "[]")
            throw new QueryValues.Invalid("having_predicates are not supported; use min_duration, max_duration and has_console_errors.", "having_predicates");
        if (QueryValues.Bool(request, "filter_test_accounts") == true)
            throw new QueryValues.Invalid("filter_test_accounts is not supported: this server has no test account filters.", "filter_test_accounts");
        if (QueryValues.Text(request, "kind") is { } kind && kind != "RecordingsQuery")
            throw new QueryValues.Invalid("kind must be RecordingsQuery.", "kind");
        if (QueryValues.Text(request, "format") is { } format && format != "json")
            throw new QueryValues.Invalid("format must be json.", "format");
    }
}
