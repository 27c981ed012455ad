using Microsoft.EntityFrameworkCore;

namespace Modules.Recordings.Data;

internal sealed class RecordingsDbContext(DbContextOptions<RecordingsDbContext> options) : DbContext(options)
{
    public DbSet<RecordingRow> Recordings => Set<RecordingRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<RecordingRow>(e =>
        {
            e.ToTable("recordings");
            e.Property(x => x.SessionId).HasMaxLength(128);
            e.HasIndex(x => new { x.EnvironmentId, x.SessionId }).IsUnique();
        });
    }
}

internal sealed class RecordingRow
{
    public long Id { get; set; }
    public int EnvironmentId { get; set; }
    public required string SessionId { get; set; }
    public long StartTimeMs { get; set; }
    public long EndTimeMs { get; set; }
}
