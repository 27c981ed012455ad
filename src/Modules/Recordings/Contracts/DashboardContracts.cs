namespace Modules.Recordings.Contracts;

/// <summary>Recordings that started on one UTC day: replayable ones and behaviour-only ones.</summary>
public sealed record DailyRecordingCount(DateOnly Day, int Replayable, int BehaviorOnly);
