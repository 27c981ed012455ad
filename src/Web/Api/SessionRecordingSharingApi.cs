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

    public static void MapSessionRecordingSharingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api" + SessionRecordingsApi.Base).AddEndpointFilter<ApiKeyAuthentication>()
            .WithTags("Session recordings").WithApiErrors();
        api.MapGet("/{recording_id}/sharing", Get).RequireScope(ApiScopes.SharingRead).WithName("session_recordings_sharing_list")
            .WithSummary("List all session recordings sharing").Produces<SharingDto>();
        api.MapPatch("/{recording_id}/sharing", Patch).RequireScope(ApiScopes.SharingWrite).WithName("session_recordings_sharing_partial_update")
            .WithSummary("Turn a recording's public link on or off").Produces<SharingDto>()
            .WithDescription("Body {\"enabled\": true|false, \"expires_at\": ISO time or null}. Turning it on issues a new token, answered once in access_token, "
                + "and needs session_recording:read as well (a link gives read access to the recording).");
    }

    private static async Task<IResult> Get(HttpContext http, string recording_id, IRecordingsModule recordings, ISharingModule sharing, CancellationToken ct)
    {
        if (await recordings.GetRecordingAsync(http.ProjectId(), recording_id, null, ct) is null) return SessionRecordingsApi.RecordingNotFound();
        return Results.Ok(SharingDto.From(await sharing.GetAsync(http.ProjectId(), recording_id, ct)));
    }

    private static async Task<IResult> Patch(HttpContext http, string recording_id, IRecordingsModule recordings, ISharingModule sharing, CancellationToken ct)
    {
        if (await recordings.GetRecordingAsync(http.ProjectId(), recording_id, null, ct) is null) return SessionRecordingsApi.RecordingNotFound();
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return ApiError.BadRequest("The body must be JSON: {\"enabled\": true|false}.");
        }
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("enabled", out var enabled)
            || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return ApiError.BadRequest("enabled must be true or false.", "enabled");
        // A link gives whoever holds it the recording's content, so turning one on needs the right to read that content.
        if (enabled.GetBoolean() && !http.ApiKey().HasScope(ApiScopes.RecordingRead))
            return ApiError.Forbidden($"Turning a link on needs the scope '{ApiScopes.RecordingRead}' as well: a link gives read access to the recording.");
        DateTimeOffset? expiresAt = null;
        if (body.TryGetProperty("expires_at", out var expires) && expires.ValueKind != JsonValueKind.Null)
        {
            if (expires.ValueKind != JsonValueKind.String || !expires.TryGetDateTimeOffset(out var at))
                return ApiError.BadRequest("expires_at must be an ISO 8601 time or null.", "expires_at");
            expiresAt = at;
        }
        var current = await sharing.GetAsync(http.ProjectId(), recording_id, ct);
        // Sending enabled:true again keeps the existing link (its token cannot be shown again) rather than breaking it.
        if (enabled.GetBoolean() && current.Enabled && expiresAt is null) return Results.Ok(SharingDto.From(current));
        try
        {
            return Results.Ok(SharingDto.From(await sharing.SetEnabledAsync(http.ProjectId(), recording_id, enabled.GetBoolean(), expiresAt, ct)));
        }
        catch (InvalidInputException e)
        {
            return ApiError.BadRequest(e.Message, "expires_at");
        }
    }
}
