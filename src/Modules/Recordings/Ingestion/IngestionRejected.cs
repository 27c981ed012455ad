using Modules.Recordings.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>Thrown while validating a request: it is answered with its status and error, and nothing is stored.</summary>
internal sealed class IngestionRejected(int status, string code, string detail, string? attr = null) : Exception(detail)
{
    public int Status { get; } = status;
    public IngestionError Error { get; } = new(status switch
    {
        401 or 403 => "authentication_error",
        413 => "invalid_request",
        503 => "throttled",
        _ => "validation_error",
    }, code, detail, attr);

    public int? RetryAfterSeconds { get; init; }

    public static IngestionRejected Invalid(string detail, string? attr = null) => new(400, "invalid_input", detail, attr);

    public static IngestionRejected TooManyEvents(int most) => new(413, "too_many_events", $"A batch may hold at most {most} events.");
}
