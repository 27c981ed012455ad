using System.Text.Json;
using System.Text.Json.Nodes;
using Modules.Recordings.Data;

namespace Modules.Recordings.Metadata;

/// <summary>
/// A person's properties as <c>identify</c> calls (ours, or posthog-js's <c>$identify</c>/<c>$set</c>) leave them: as in
/// PostHog, a later call sets the properties it names and keeps the others; a call for another person starts afresh.
/// </summary>
internal static class PersonProperties
{
    /// <returns>
    /// <paramref name="earlier"/> with <paramref name="later"/>'s properties set over it; <paramref name="later"/> alone
    /// when either is not a JSON object or the merged object would pass the column's limit (the newest call wins).
    /// </returns>
    public static string? Merge(string? earlier, string? later)
    {
        if (later is null || earlier is null) return later ?? earlier;
        try
        {
            if (JsonNode.Parse(earlier) is not JsonObject merged || JsonNode.Parse(later) is not JsonObject update) return later;
            foreach (var (key, value) in update.ToList())
            {
                update.Remove(key);
                merged[key] = value;
            }
            var json = merged.ToJsonString();
            return json.Length <= IngestionColumnLimits.Properties ? json : later;
        }
        catch (JsonException)
        {
            return later;
        }
    }

    /// <summary>The properties after an identify of <paramref name="laterId"/>, given whose the earlier ones were.</summary>
    public static string? After(string? earlierId, string? earlier, string? laterId, string? later) =>
        earlierId is null || earlierId == laterId ? Merge(earlier, later) : later;
}
