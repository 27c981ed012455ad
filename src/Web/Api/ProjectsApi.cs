using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Api;

/// <summary><c>/api/projects/</c>: the environments a personal API key may see (a project is an environment).</summary>
internal static class ProjectsApi
{
    internal sealed record ProjectDto(int Id, string Name, string ApiToken, DateTimeOffset CreatedAt);

    /// <param name="api">The <c>/api</c> group (<see cref="ApiRoutes"/>).</param>
    public static void MapProjectsApi(this RouteGroupBuilder api)
    {
        // Routing matches a path with and without its trailing slash, as PostHog's clients send both.
        api.MapGet("/projects/", List);
        api.MapGet("/projects/{project_id}/", Get);
    }

    private static async Task<IResult> List(HttpContext http, IEnvironmentCatalog environmentCatalog, CancellationToken ct)
    {
        var (paging, error, attr) = Paging.From(http.Request);
        if (error is not null) return ApiError.BadRequest(error, attr);
        var access = http.ApiKey();
        var visible = (await environmentCatalog.ListEnvironmentsAsync(ct)).Where(e => access.CanSee(e.Id)).ToList();
        var page = visible.Skip(paging.Offset).Take(paging.Limit).Select(ToDto).ToList();
        return Results.Ok(paging.Build(http.Request, visible.Count, page));
    }

    // The key filter has already answered 404 for ids that are not numbers, unknown or not the key's.
    private static async Task<IResult> Get(HttpContext http, IEnvironmentCatalog environmentCatalog, CancellationToken ct) =>
        await environmentCatalog.FindEnvironmentAsync(http.ProjectId(), ct) is { } env ? Results.Ok(ToDto(env)) : ApiError.NotFound("Project not found.");

    private static ProjectDto ToDto(EnvironmentInfo e) => new(e.Id, e.Name, e.Token, e.CreatedAt);
}
