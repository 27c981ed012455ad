using Microsoft.Net.Http.Headers;
using Modules.Recordings;
using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>
/// Writes one snapshot source straight into the response. The headers are set first but may still be replaced,
/// because the reader writes nothing when it answers not found or corrupt. With gzip, the stored gzip members go out
/// unchanged, back to back (a valid multi-member gzip stream, which .NET's GZipStream, Python's gzip, Node's zlib and zcat read whole), except
/// to a browser: browsers decode only the first member and silently drop the rest, so a browser gets one member
/// (<see cref="SnapshotEncoding.OneGzipMember"/>).
/// </summary>
internal sealed class SnapshotStreamResult(string sessionId, string source, string? blobKey, IRecordingsModule recordings) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var gzip = AcceptsGzip(http.Request);
        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/jsonl; charset=utf-8";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (gzip) response.Headers.ContentEncoding = "gzip";
        var encoding = !gzip ? SnapshotEncoding.Lines : IsBrowser(http.Request) ? SnapshotEncoding.OneGzipMember : SnapshotEncoding.StoredGzip;
        var result = await recordings.WriteSnapshotSourceAsync(http.ProjectId(), sessionId, source, blobKey, response.Body, encoding, http.RequestAborted);
        if (result.Status == SnapshotReadStatus.Found || response.HasStarted) return;
        response.Headers.Remove(HeaderNames.ContentEncoding);
        var error = result.Status == SnapshotReadStatus.NotFound
            ? ApiError.NotFound(result.Message ?? "Snapshot source not found.")
            : Results.Json(new ApiError("server_error", "snapshot_corrupt", result.Message ?? "The stored snapshot data is damaged."), statusCode: 500);
        await error.ExecuteAsync(http);
    }

    // Fetch Metadata headers come from every current browser; "Mozilla/" opens every browser's user agent, older ones too.
    private static bool IsBrowser(HttpRequest request) =>
        request.Headers.ContainsKey("Sec-Fetch-Mode") || request.Headers.UserAgent.ToString().StartsWith("Mozilla/", StringComparison.Ordinal);

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e =>
        {
            var parts = e.Split(';', StringSplitOptions.TrimEntries);
            return parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase) && !parts.Skip(1).Any(p => p.Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
        }));
}
