using Microsoft.EntityFrameworkCore;

namespace Modules.Recordings.Data;

/// <summary>The storage lifecycle's tables: the cold segment index and the job runs.</summary>
internal static class StorageModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ColdSegmentRow>(e =>
        {
            e.ToTable("cold_segments");
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.RecordingId, x.StartTimestampMs });
            e.HasIndex(x => x.BlobKey).IsUnique();
            e.Property(x => x.BlobKey).HasMaxLength(64);
            e.Property(x => x.RelativePath).HasMaxLength(400);
            e.Property(x => x.Checksum).HasMaxLength(64);
            e.HasMany(x => x.Chunks).WithOne().HasForeignKey(x => x.SegmentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ColdChunkRow>(e =>
        {
            e.ToTable("cold_chunks");
            e.HasKey(x => new { x.SegmentId, x.Ordinal });
            e.HasIndex(x => x.ChunkId);
            e.Property(x => x.WindowId).HasMaxLength(128);
        });
        b.Entity<StorageJobRunRow>(e =>
        {
            e.ToTable("storage_job_runs");
            e.HasIndex(x => new { x.JobId, x.StartedAtMs });
            e.Property(x => x.JobId).HasMaxLength(64);
            e.Property(x => x.Outcome).HasMaxLength(16);
            e.Property(x => x.CountsJson).HasMaxLength(4000);
            e.Property(x => x.Error).HasMaxLength(4000);
        });
    }
}
