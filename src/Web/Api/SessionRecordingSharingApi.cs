using System.Text.Json;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Sharing;
using Modules.Sharing.Contracts;

namespace Web.Api;

/// <summary>
/// <c>…/session_recordings/{recording_id}/sharing</c>: a recording's public link, kept by the Sharing module. Tokens
/// are stored only hashed, so <c>access_token</c> is set only in the answer that turned the link on.
/// </summary>
internal static class SessionRecordingSharingApi
{
    internal sealed record SharingDto(DateTimeOffset? CreatedAt, bool Enabled, string? AccessToken, DateTimeOffset? ExpiresAt)
    {
        public static SharingDto From(SharingConfiguration c) => new(c.CreatedAt, c.Enabled, c.AccessToken, c.ExpiresAt);
    }

    /// <param name="api">The session recordings group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionRecordingSharingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{recording_id}/sharing", Get).RequireScope(ApiScopes.SharingRead).WithName("session_recordings_sharing_list")
            .WithSummary("List all session recordings sharing").Produces<SharingDto>();
        api.MapPatch("/{recording_id}/sharing", Patch).RequireScope(ApiScopes.SharingWrite).WithName("session_recordings_sharing_partial_update")
            .WithSummary("Turn a recording's public link on or off").Produces<SharingDto>()
            .WithDescription("Body {\"enabled\": true|false, \"expires_at\": ISO time or null}; other fields are refused with 400. Turning it on issues a new token, "
                + "answered once in access_token, and needs session_recording:read as well (a link gives read access to the recording). On a link that is "
                + "already on, enabled:true keeps the token and only changes the expiry when expires_at is sent (null clears it).");
        api.MapPost("/{recording_id}/sharing/refresh", Refresh).RequireScope(ApiScopes.SharingWrite)
            .WithName("session_recordings_sharing_refresh_create").WithSummary("Issue a new token for a recording's public link").Produces<SharingDto>()
            .WithDescription("The link must be on (400 otherwise). Answers the new token once in access_token; the old token opens nothing from now on. "
                + "Needs session_recording:read as well (a link gives read access to the recording).");
    }

    private static async Task<IResult> Get(HttpContext http, string recording_id, IRecordingCatalog catalog, ISharingModule sharing, CancellationToken ct)
    {
        if (await catalog.GetRecordingAsync(http.ProjectId(), recording_id, null, ct) is null) return SessionRecordingsApi.RecordingNotFound();
        return Results.Ok(SharingDto.From(await sharing.GetAsync(http.ProjectId(), recording_id, ct)));
    }

    private static readonly string[] PatchFields = ["enabled", "expires_at"];

    private static async Task<IResult> Patch(HttpContext http, string recording_id, IRecordingCatalog catalog, ISharingModule sharing, CancellationToken ct)
    {
        if (await catalog.GetRecordingAsync(http.ProjectId(), recording_id, null, ct) is null) return SessionRecordingsApi.RecordingNotFound();
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, "{\"enabled\": true|false, \"expires_at\": ISO time or null}", PatchFields, ct);
        if (error is not null) return error;
        if (!body.TryGetProperty("enabled", out var enabledValue) || enabledValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return ApiError.BadRequest("enabled must be true or false.", "enabled");
        var enabled = enabledValue.GetBoolean();
        // A link gives whoever holds it the recording's content, so turning one on needs the right to read that content.
        if (enabled && !http.ApiKey().HasScope(ApiScopes.RecordingRead))
            return ApiError.Forbidden($"Turning a link on needs the scope '{ApiScopes.RecordingRead}' as well: a link gives read access to the recording.");
        // Absent and null differ: null clears an expiry, absent leaves it as it is.
        var expirySent = body.TryGetProperty("expires_at", out var expires);
        DateTimeOffset? expiresAt = null;
        if (expirySent && expires.ValueKind != JsonValueKind.Null)
        {
            if (expires.ValueKind != JsonValueKind.String || !expires.TryGetDateTimeOffset(out var at))
                return ApiError.BadRequest("expires_at must be an ISO 8601 time or null.", "expires_at");
            expiresAt = at;
        }
        try
        {
            var current = await sharing.GetAsync(http.ProjectId(), recording_id, ct);
            // On a link that is already on, enabled:true keeps the token (it cannot be shown again, and the public link
            // must not die): only the expiry changes, when one is sent. POST …/sharing/refresh issues a new token.
            if (enabled && current.Enabled)
                return Results.Ok(SharingDto.From(expirySent ? await sharing.SetExpiryAsync(http.ProjectId(), recording_id, expiresAt, ct) : current));
            return Results.Ok(SharingDto.From(await sharing.SetEnabledAsync(http.ProjectId(), recording_id, enabled, expiresAt, ct)));
        }
        catch (InvalidInputException e)
        {
            return ApiError.BadRequest(e.Message, e.Field);
        }
    }

    private static async Task<IResult> Refresh(HttpContext http, string recording_id, IRecordingCatalog catalog, ISharingModule sharing, CancellationToken ct)
    {
        if (await catalog.GetRecordingAsync(http.ProjectId(), recording_id, null, ct) is null) return SessionRecordingsApi.RecordingNotFound();
        if (!http.ApiKey().HasScope(ApiScopes.RecordingRead))
            return ApiError.Forbidden($"A new token needs the scope '{ApiScopes.RecordingRead}' as well: a link gives read access to the recording.");
        try
        {
            return Results.Ok(SharingDto.From(await sharing.RotateAsync(http.ProjectId(), recording_id, ct)));
        }
        catch (InvalidInputException e)
        {
            return ApiError.BadRequest(e.Message, e.Field);
        }
    }
}
