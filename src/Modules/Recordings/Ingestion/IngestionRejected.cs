using Modules.Recordings.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>Thrown while validating a request: nothing is stored, and the host answers it by its refusal.</summary>
internal sealed class IngestionRejected(IngestionRefusal refusal, string code, string detail, string? attr = null)
    : IngestionRefusedException(refusal, code, detail, attr)
{
    public static IngestionRejected Invalid(string detail, string? attr = null) => new(IngestionRefusal.Invalid, "invalid_input", detail, attr);

    public static IngestionRejected TooManyEvents(int most) => new(IngestionRefusal.TooLarge, "too_many_events", $"A batch may hold at most {most} events.");
}
