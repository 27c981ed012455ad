using System.Text;
using Microsoft.Net.Http.Headers;
using Modules.Recordings.Contracts;
using Web.Api;

namespace Web.Replay;

/// <summary>
/// The one front end of the two-step snapshots flow, used by the REST API, the dashboard's player and the public share
/// page alike: without <c>source</c> the list of sources; with it that part as JSON lines (<c>[window_id, event]</c>),
/// as one gzip member when the client accepts gzip (every client: curl, urllib and browsers decode only a gzip answer's
/// first member), identity otherwise. No user agent or fetch metadata is looked at.
/// </summary>
internal static class SnapshotStreaming
{
    public delegate Task<SnapshotReadResult?> SourceWriter(string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct);

    internal sealed record SnapshotSourcesDto(IReadOnlyList<SourceDto> Sources);

    /// <summary>One listed source as PostHog writes it; the times in UTC with a <c>Z</c>.</summary>
    internal sealed record SourceDto(string Source, DateTime StartTimestamp, DateTime EndTimestamp, string? BlobKey);

    public static async Task<IResult> AnswerAsync(
        HttpContext http, SnapshotQuery.Parameters parameters, Func<CancellationToken, Task<IReadOnlyList<SnapshotSource>?>> list, SourceWriter write, Func<IResult> notFound)
    {
        var ct = http.RequestAborted;
        var (query, error) = SnapshotQuery.Parse(parameters);
        if (error is not null) return error;
        if (query!.Source is null)
            return await list(ct) is { } sources
                ? Results.Ok(new SnapshotSourcesDto(sources.Select(s => new SourceDto(s.Source, Utc(s.StartMs), Utc(s.EndMs), s.BlobKey)).ToList()))
                : notFound();
        if (query.OriginalRealtimeShape) return await OriginalRealtimeAsync(query, write, notFound, ct);

        var gzip = SnapshotQuery.AcceptsGzip(http.Request.GetTypedHeaders());
        var response = http.Response;
        response.ContentType = "application/jsonl; charset=utf-8";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (gzip) response.Headers.ContentEncoding = "gzip";
        var result = await write(query.Source, query.BlobKey, response.Body, gzip ? SnapshotEncoding.OneGzipMember : SnapshotEncoding.Lines, ct);
        if (result is { Status: SnapshotReadStatus.Found }) return Results.Empty;
        // Nothing was written: the answer can still become an error.
        response.Headers.Remove(HeaderNames.ContentEncoding);
        response.Headers.Remove(HeaderNames.Vary);
        return Failure(result, notFound);
    }

    /// <summary>PostHog's <c>og</c> realtime answer: <c>{"snapshots": [...]}</c> with every line as one element.</summary>
    private static async Task<IResult> OriginalRealtimeAsync(SnapshotQuery query, SourceWriter write, Func<IResult> notFound, CancellationToken ct)
    {
        var lines = new MemoryStream();
        var result = await write(query.Source!, null, lines, SnapshotEncoding.Lines, ct);
        if (result is not { Status: SnapshotReadStatus.Found }) return Failure(result, notFound);
        var json = new StringBuilder("{\"snapshots\":[");
        var text = Encoding.UTF8.GetString(lines.GetBuffer(), 0, (int)lines.Length);
        json.AppendJoin(',', text.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Append("]}");
        return Results.Text(json.ToString(), "application/json", Encoding.UTF8);
    }

    private static IResult Failure(SnapshotReadResult? result, Func<IResult> notFound) => result switch
    {
        { Status: SnapshotReadStatus.Corrupt } => Results.Json(
            new ApiError("server_error", "snapshot_corrupt", result.Message ?? "This part of the recording cannot be read."), statusCode: 500),
        { Message: { } message } => ApiError.NotFound(message),
        _ => notFound(),
    };

    private static DateTime Utc(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
