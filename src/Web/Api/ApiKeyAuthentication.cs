using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Api;

/// <summary>The scope an API endpoint needs, read by <see cref="ApiKeyAuthentication"/>.</summary>
internal sealed record RequiredScope(string Scope);

/// <summary>
/// Checks the Bearer personal API key of every API endpoint (sent as <c>?personal_api_key=</c> it arrives here as the
/// header, see <see cref="ApiRequestAliases"/>): 401 without a valid key, 403 without the endpoint's scope, and 404 for
/// a <c>project_id</c> the key may not see (so ids of other environments are not revealed). <c>@current</c> as
/// <c>project_id</c> is the key's only environment (400 when it sees several).
/// </summary>
internal sealed class ApiKeyAuthentication(IApiKeys apiKeys, IEnvironmentCatalog environmentCatalog) : IEndpointFilter
{
    public const string CurrentProject = "@current";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return ApiError.Unauthorized("not_authenticated", "Authentication credentials were not provided: send 'Authorization: Bearer <personal API key>' (or ?personal_api_key=).");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return ApiError.Unauthorized("authentication_failed", "Use a Bearer personal API key.");
        var access = await apiKeys.AuthenticateApiKeyAsync(header["Bearer ".Length..].Trim(), http.RequestAborted);
        if (access is null)
            return ApiError.Unauthorized("authentication_failed", "Personal API key is invalid or revoked.");
        if (http.Request.RouteValues.TryGetValue("project_id", out var raw))
        {
            if (raw?.ToString() == CurrentProject)
            {
                // PostHog's "@current": the one environment the key sees, written back so every handler reads a number.
                var visible = (await environmentCatalog.ListEnvironmentsAsync(http.RequestAborted)).Where(e => access.CanSee(e.Id)).ToList();
                if (visible.Count != 1)
                    return ApiError.BadRequest(visible.Count == 0 ? "This API key sees no environment, so @current names none."
                        : $"This API key sees {visible.Count} environments, so @current is ambiguous: use the environment's id (see /api/projects/).", "project_id");
                http.Request.RouteValues["project_id"] = visible[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Items[typeof(EnvironmentInfo)] = visible[0];
            }
            else if (!int.TryParse(raw?.ToString(), out var projectId) || !access.CanSee(projectId)
                || await environmentCatalog.FindEnvironmentAsync(projectId, http.RequestAborted) is not { } environment)
                return ApiError.NotFound("Project not found.");
            else http.Items[typeof(EnvironmentInfo)] = environment;
        }
        var scope = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (scope is not null && !access.HasScope(scope.Scope))
            return ApiError.Forbidden($"This API key lacks the scope '{scope.Scope}'.");
        http.Items[typeof(ApiKeyAccess)] = access;
        return await next(context);
    }
}

internal static class ApiKeyAccessExtensions
{
    public static ApiKeyAccess ApiKey(this HttpContext http) => (ApiKeyAccess)http.Items[typeof(ApiKeyAccess)]!;

    /// <summary>
    /// The route's environment as <see cref="ApiKeyAuthentication"/> read it for this request (one query less per
    /// request: on PostgreSQL each is a round trip), or null for another id.
    /// </summary>
    public static EnvironmentInfo? CheckedEnvironment(this HttpContext http, int environmentId) =>
        http.Items.TryGetValue(typeof(EnvironmentInfo), out var found) && found is EnvironmentInfo e && e.Id == environmentId ? e : null;

    /// <summary>The route's project id, already checked by <see cref="ApiKeyAuthentication"/>.</summary>
    public static int ProjectId(this HttpContext http) => int.Parse(http.Request.RouteValues["project_id"]!.ToString()!);

    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
