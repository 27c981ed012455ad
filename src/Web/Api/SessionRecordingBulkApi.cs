using System.Text.Json;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Sharing;

namespace Web.Api;

/// <summary>
/// <c>…/session_recordings/bulk_delete</c> and <c>bulk_viewed</c> as PostHog has them: a list of session ids, each looked
/// up in the route's environment only, so an id of another environment is simply not found there.
/// </summary>
internal static class SessionRecordingBulkApi
{
    public const int MaxIds = 100;
    private const string IdsField = "session_recording_ids";

    internal sealed record BulkDeleteDto(bool Success, int DeletedCount, int TotalRequested, IReadOnlyList<string> FailedIds, IReadOnlyList<string> NotFoundIds);
    internal sealed record BulkViewedDto(bool Success, int ViewedCount, int TotalRequested, IReadOnlyList<string> NotFoundIds);

    /// <param name="api">The session recordings group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionRecordingBulkApi(this RouteGroupBuilder api)
    {
        api.MapPost("/bulk_delete", Delete).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_bulk_delete_create")
            .WithSummary("Delete several session recordings").Produces<BulkDeleteDto>()
            .WithDescription($"Body {{\"{IdsField}\": [ids]}} (1 to {MaxIds}). Each recording of this environment goes as DELETE takes it (events, hot and cold "
                + "snapshot data, share link). Ids not found here are counted in total_requested, not in deleted_count, and listed in not_found_ids.");
        api.MapPost("/bulk_viewed", Viewed).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_bulk_viewed_create")
            .WithSummary("Mark several session recordings viewed").Produces<BulkViewedDto>()
            .WithDescription($"Body {{\"{IdsField}\": [ids]}} (1 to {MaxIds}). Marks each recording of this environment viewed for the key's admin "
                + "(400 for a key made without an admin). viewed_count counts the recordings found, already viewed or not.");
    }

    private static async Task<IResult> Delete(HttpContext http, IRecordingCatalog catalog, CancellationToken ct)
    {
        var (ids, total, error) = await ReadIdsAsync(http.Request, ct);
        if (error is not null) return error;
        var projectId = http.ProjectId();
        var notFound = new List<string>();
        foreach (var id in ids)
        {
            // As the single DELETE: the module deletes the recording with its link.
            if (!await catalog.DeleteRecordingAsync(projectId, id, ct)) notFound.Add(id);
        }
        return Results.Ok(new BulkDeleteDto(true, ids.Count - notFound.Count, total, [], notFound));
    }

    private static async Task<IResult> Viewed(HttpContext http, IRecordingCatalog catalog, CancellationToken ct)
    {
        var (ids, total, error) = await ReadIdsAsync(http.Request, ct);
        if (error is not null) return error;
        if (http.ApiKey().OwnerAdminId is not { } admin)
            return ApiError.BadRequest("Views are kept per dashboard admin and this API key was made without one: use a key made on the dashboard's API keys page.");
        var notFound = new List<string>();
        foreach (var id in ids)
            if (!await catalog.MarkViewedAsync(http.ProjectId(), id, admin, ct)) notFound.Add(id);
        return Results.Ok(new BulkViewedDto(true, ids.Count - notFound.Count, total, notFound));
    }

    /// <summary>The distinct ids in the order given, and how many were sent; or the 400 to answer.</summary>
    private static async Task<(IReadOnlyList<string> Ids, int Total, IResult? Error)> ReadIdsAsync(HttpRequest request, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, $"{{\"{IdsField}\": [\"session id\", …]}}", [IdsField], ct);
        if (error is not null) return ([], 0, error);
        if (!body.TryGetProperty(IdsField, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            return ([], 0, ApiError.BadRequest($"{IdsField} must be provided as a non-empty array.", IdsField));
        if (list.GetArrayLength() > MaxIds)
            return ([], 0, ApiError.BadRequest($"Cannot process more than {MaxIds} recordings at once ({list.GetArrayLength()} sent).", IdsField));
        if (list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(e.GetString())))
            return ([], 0, ApiError.BadRequest($"{IdsField} must hold session ids as non-empty strings.", IdsField));
        return (list.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal).ToList(), list.GetArrayLength(), null);
    }
}
