namespace Modules.Recordings.Storage;

/// <summary>When the archive job sweeps next: on its first run in each process (a crash is always followed by a start), then hourly.</summary>
internal sealed class SweepSchedule
{
    private DateTime next = DateTime.MinValue;

    public bool Due()
    {
        if (DateTime.UtcNow < next) return false;
        next = DateTime.UtcNow.AddHours(1);
        return true;
    }
}
