using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Web.Api;

/// <summary>
/// The OpenAPI document of every API endpoint at <c>/api/openapi.json</c> (built from the endpoints themselves, so it
/// cannot drift from them) and a readable reference page (Scalar, served from this binary) at <c>/api/reference</c>.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentPath = "/api/openapi.json";
    public const string ReferencePath = "/api/reference";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            // The dashboard's Razor Pages and the SDK's ingestion endpoints are not part of the REST API.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddOperationTransformer(ApiOperationDocs.Transform);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Recordings REST API",
                    Version = "v1",
                    Description = "PostHog-shaped session-recordings API. Authenticate with a personal API key: "
                        + "'Authorization: Bearer rk_…' (or ?personal_api_key=rk_…). project_id is the environment's id, or @current for the key's only "
                        + "environment; /api/environments/… answers as /api/projects/…. Errors are {type, code, detail, attr}.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["PersonalApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A personal API key (rk_…) with the scopes the endpoint names.",
                };
                document.Components.SecuritySchemes["PersonalApiKeyQuery"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = ApiRequestAliases.KeyParameter,
                    Description = "The same key as a query parameter, as PostHog allows; it never reaches a log line or a next/previous link.",
                };
                // Either one: each requirement object is an alternative.
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("PersonalApiKey", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("PersonalApiKeyQuery", document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });

    public static void MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(ReferencePath, o =>
        {
            o.WithTitle("Recordings API reference").WithOpenApiRoutePattern(DocumentPath);
            // Nothing may be loaded from elsewhere: the page uses the bundled script and the system's fonts.
            o.DefaultFonts = false;
            // No button that leads to an outside service: Scalar's AI chat (Agent), its developer toolbar (deploy,
            // SDK generation) and its hosted API client are off, and it reports nothing home.
            o.Agent = new ScalarAgentOptions { Disabled = true };
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.HideClientButton = true;
            o.Telemetry = false;
            o.Mcp = new ScalarMcpOptions { Disabled = true };
        });
    }
}
