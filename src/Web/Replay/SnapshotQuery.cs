using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.AspNetCore.Mvc;
using Modules.Recordings.Contracts;
using Web.Api;

namespace Web.Replay;

/// <summary>
/// A snapshots request's query, checked: no <c>source</c> asks for the list; otherwise what to read, as the module
/// names it (<c>blob_v2</c> keys as <c>"k"</c> or <c>"start..end"</c>). Everything PostHog's clients send is
/// understood or refused with a 400 naming it, never ignored.
/// </summary>
internal sealed record SnapshotQuery(string? Source, string? BlobKey, bool OriginalRealtimeShape)
{
    /// <summary>
    /// The query as bound (<c>[AsParameters]</c>) and documented in the API's OpenAPI document. Read as text and checked by
    /// <see cref="Parse"/>, so a bad value gets PostHog's 400 naming it rather than a binding error.
    /// </summary>
    internal sealed record Parameters(
        [FromQuery(Name = "source")][property: Description("blob_v2 (or blob_v2_lts), as listed; also blob (a segment's own key) and realtime (the hot part now). Without it: the list of sources.")] string? Source,
        [FromQuery(Name = "blob_key")][property: Description("With source=blob_v2: one listed key. With source=blob: the segment's key.")] string? BlobKey,
        [FromQuery(Name = "start_blob_key")][property: Description("With source=blob_v2: the first listed key of a range.")] string? StartBlobKey,
        [FromQuery(Name = "end_blob_key")][property: Description("With source=blob_v2: the last listed key of a range.")] string? EndBlobKey,
        [FromQuery(Name = "version")][property: Description("With source=realtime: 2024-04-30 (JSON lines, the default here) or og ({\"snapshots\": [...]}).")] string? Version,
        [FromQuery(Name = "decompress")][property: Description("true (the default); false is refused.")] string? Decompress);

    /// <summary>PostHog's realtime answer versions: <c>og</c> (its default, a JSON object) and the JSON lines of 2024-04-30.</summary>
    private const string OriginalVersion = "og";
    private const string LinesVersion = "2024-04-30";

    public static (SnapshotQuery? Query, IResult? Error) Parse(Parameters query)
    {
        var source = Text(query.Source);
        if (Text(query.Decompress) is { } decompress && decompress is not ("true" or "True" or "1"))
            return (null, ApiError.BadRequest("decompress=false (PostHog's length-prefixed compressed blocks) is not supported: the answer is JSON lines, gzip-encoded when the request's Accept-Encoding allows it.", "decompress"));
        switch (source)
        {
            case null:
                return (new SnapshotQuery(null, null, false), null);
            case SnapshotSource.Realtime:
                return Text(query.Version) switch
                {
                    null or LinesVersion => (new SnapshotQuery(source, null, false), null),
                    OriginalVersion => (new SnapshotQuery(source, null, true), null),
                    var other => (null, ApiError.BadRequest($"Invalid version '{other}': use {LinesVersion} (JSON lines) or {OriginalVersion} (a JSON object).", "version")),
                };
            case SnapshotSource.Blob:
                return Text(query.BlobKey) is { } key
                    ? (new SnapshotQuery(source, key, false), null)
                    : (null, ApiError.BadRequest("source=blob needs the blob_key listed with it.", "blob_key"));
            case SnapshotSource.BlobV2 or SnapshotSource.BlobV2Lts:
                return BlobV2(query, source);
            default:
                return (null, ApiError.BadRequest("source must be blob_v2 (or blob_v2_lts), as listed by this endpoint without source, or blob or realtime.", "source"));
        }
    }

    private static (SnapshotQuery?, IResult?) BlobV2(Parameters query, string source)
    {
        var (key, start, end) = (Text(query.BlobKey), Text(query.StartBlobKey), Text(query.EndBlobKey));
        if (key is not null && (start ?? end) is not null)
            return (null, ApiError.BadRequest("Give blob_key or start_blob_key and end_blob_key, not both.", "blob_key"));
        if (key is null && (start is null || end is null))
            return (null, ApiError.BadRequest($"source={source} needs blob_key, or both start_blob_key and end_blob_key.", start is null ? "start_blob_key" : "end_blob_key"));
        (start, end) = key is null ? (start, end) : (key, key);
        foreach (var (name, value) in new[] { ("start_blob_key", start!), ("end_blob_key", end!) })
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return (null, ApiError.BadRequest($"{name} must be a blob key as listed: a whole number.", key is null ? name : "blob_key"));
        if (long.Parse(start!, CultureInfo.InvariantCulture) > long.Parse(end!, CultureInfo.InvariantCulture))
            return (null, ApiError.BadRequest("start_blob_key must not be after end_blob_key.", "start_blob_key"));
        return (new SnapshotQuery(source, start == end ? start : $"{start}..{end}", false), null);
    }

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// Whether the client takes gzip, by RFC 9110's rules: a <c>gzip</c> (or <c>x-gzip</c>) entry with a quality above
    /// zero, or none and a <c>*</c> entry above zero. <c>gzip;q=0</c> refuses it.
    /// </summary>
    public static bool AcceptsGzip(RequestHeaders headers)
    {
        double? gzip = null, any = null;
        foreach (var entry in headers.AcceptEncoding)
        {
            var quality = entry.Quality ?? 1;
            var name = entry.Value.Value;
            if (string.Equals(name, "gzip", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "x-gzip", StringComparison.OrdinalIgnoreCase))
                gzip = Math.Max(gzip ?? 0, quality);
            else if (name == "*") any = quality;
        }
        return (gzip ?? any ?? 0) > 0;
    }
}
