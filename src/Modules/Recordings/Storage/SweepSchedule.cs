namespace Modules.Recordings.Storage;

/// <summary>When the archive job sweeps next: on its first run in each process (a crash is always followed by a start), then hourly.</summary>
internal sealed class SweepSchedule(TimeProvider clock)
{
    private DateTimeOffset next = DateTimeOffset.MinValue;

    public bool Due()
    {
        var now = clock.GetUtcNow();
        if (now < next) return false;
        next = now.AddHours(1);
        return true;
    }
}
