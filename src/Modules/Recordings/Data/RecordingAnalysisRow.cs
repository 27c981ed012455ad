namespace Modules.Recordings.Data;

/// <summary>
/// That a recording was analysed (PostHog's <c>analyzed</c>, which its player sends once someone has studied a
/// recording): one row per recording, the first time kept.
/// </summary>
internal sealed class RecordingAnalysisRow
{
    public long RecordingId { get; set; }
    public long FirstAnalyzedAtMs { get; set; }
}
