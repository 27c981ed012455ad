using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Web.Api;

/// <summary>A query parameter an endpoint reads by hand (so OpenAPI cannot see it), for the API document.</summary>
internal sealed record QueryParameterDoc(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, bool Required = false);

internal sealed record QueryParametersDoc(IReadOnlyList<QueryParameterDoc> Parameters);

/// <summary>
/// Fills what the endpoints' signatures do not show: the route's path parameters (read through the key filter),
/// hand-read query parameters, the required scope and the JSON error answers every endpoint can give.
/// </summary>
internal static partial class ApiOperationDocs
{
    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder builder, params QueryParameterDoc[] parameters)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new QueryParametersDoc(parameters));

    /// <summary>The errors of every key-checked endpoint: 400 bad input, 401 no key, 403 missing scope, 404 not visible.</summary>
    public static TBuilder WithApiErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in (int[])[400, 401, 403, 404])
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiError), ["application/json"]));
        return builder;
    }

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        var known = operation.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (Match m in PathParameter().Matches(context.Description.RelativePath ?? ""))
        {
            var name = m.Groups[1].Value;
            if (!known.Add(name)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = name == "project_id" ? "The environment's id (see /api/projects/)." : "The recording's session id.",
            });
        }
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var p in metadata.OfType<QueryParametersDoc>().SelectMany(d => d.Parameters).Where(p => known.Add(p.Name)))
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = p.Name, In = ParameterLocation.Query, Required = p.Required, Description = p.Description,
                Schema = new OpenApiSchema { Type = p.Type },
            });
        if (metadata.OfType<RequiredScope>().LastOrDefault() is { } scope)
            operation.Description = $"Required API key scope: {scope.Scope}. {operation.Description}".Trim();
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")] private static partial Regex PathParameter();
}
