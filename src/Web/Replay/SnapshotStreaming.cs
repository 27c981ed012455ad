using Modules.Recordings.Contracts;
using Web.Api;

namespace Web.Replay;

/// <summary>
/// Answers the two-step snapshots flow: without <c>source</c> the list of sources, with it that part as JSON lines
/// (<c>[window_id, event]</c>), as one gzip member when the client accepts gzip (the player is a browser).
/// </summary>
internal static class SnapshotStreaming
{
    public delegate Task<SnapshotReadResult?> SourceWriter(string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct);

    public static async Task<IResult> AnswerAsync(
        HttpContext http, Func<CancellationToken, Task<IReadOnlyList<SnapshotSource>?>> list, SourceWriter write)
    {
        var ct = http.RequestAborted;
        var source = http.Request.Query["source"].ToString();
        if (source.Length == 0)
            return await list(ct) is { } sources
                ? Results.Ok(new { sources = sources.Select(s => new SourceDto(s.Source, s.BlobKey, Iso(s.StartMs), Iso(s.EndMs))) })
                : ApiError.NotFound("Recording not found.");
        if (source is not (SnapshotSource.Blob or SnapshotSource.Realtime))
            return ApiError.BadRequest("source must be 'blob' or 'realtime'.", "source");
        var blobKey = http.Request.Query["blob_key"].ToString() is { Length: > 0 } key ? key : null;
        if (source == SnapshotSource.Blob && blobKey is null) return ApiError.BadRequest("A blob source needs its blob_key.", "blob_key");

        var gzip = http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        http.Response.ContentType = "application/jsonl; charset=utf-8";
        if (gzip) http.Response.Headers.ContentEncoding = "gzip";
        // Stored data is a series of gzip members, and browsers decode only the first member of a gzip response: these
        // answers go to the dashboard's player, so they get one member.
        var result = await write(source, blobKey, http.Response.Body, gzip ? SnapshotEncoding.OneGzipMember : SnapshotEncoding.Lines, ct);
        if (result is { Status: SnapshotReadStatus.Found }) return Results.Empty;
        // Nothing was written: the answer can still become an error.
        http.Response.Headers.ContentEncoding = default;
        return result is { Status: SnapshotReadStatus.Corrupt }
            ? Results.Json(new ApiError("server_error", "snapshot_corrupt", result.Message ?? "This part of the recording cannot be read."), statusCode: 500)
            : ApiError.NotFound(result?.Message ?? "Recording not found.");
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O");

    private sealed record SourceDto(string Source, string? BlobKey, string StartTimestamp, string EndTimestamp);
}
