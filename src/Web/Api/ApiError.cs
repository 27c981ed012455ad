using Microsoft.AspNetCore.Http.HttpResults;

namespace Web.Api;

/// <summary>The error body of every API answer, shaped like PostHog's: <c>{type, code, detail, attr}</c>.</summary>
internal sealed record ApiError(string Type, string Code, string Detail, string? Attr = null)
{
    // Typed (TypedResults), so a handler declaring Results<Ok<T>, JsonHttpResult<ApiError>> documents both answers.
    public static JsonHttpResult<ApiError> BadRequest(string detail, string? attr = null) =>
        TypedResults.Json(new ApiError("validation_error", "invalid_input", detail, attr), statusCode: 400);

    public static IResult Unauthorized(string code, string detail) =>
        Results.Json(new ApiError("authentication_error", code, detail), statusCode: 401);

    public static IResult Forbidden(string detail) =>
        Results.Json(new ApiError("authentication_error", "permission_denied", detail), statusCode: 403);

    public static JsonHttpResult<ApiError> NotFound(string detail = "Not found.") =>
        TypedResults.Json(new ApiError("invalid_request", "not_found", detail), statusCode: 404);
}
