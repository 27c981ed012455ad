using Microsoft.EntityFrameworkCore;

namespace Modules.Recordings.Data;

internal sealed class RecordingsDbContext(DbContextOptions<RecordingsDbContext> options) : DbContext(options)
{
    public DbSet<RecordingRow> Recordings => Set<RecordingRow>();
    public DbSet<BehaviorEventRow> BehaviorEvents => Set<BehaviorEventRow>();
    public DbSet<ReplayEventRow> ReplayEvents => Set<ReplayEventRow>();
    public DbSet<SnapshotChunkRow> SnapshotChunks => Set<SnapshotChunkRow>();
    public DbSet<IngestedBatchRow> IngestedBatches => Set<IngestedBatchRow>();
    public DbSet<RecordingViewRow> RecordingViews => Set<RecordingViewRow>();
    public DbSet<RecordingAnalysisRow> RecordingAnalyses => Set<RecordingAnalysisRow>();
    public DbSet<ColdSegmentRow> ColdSegments => Set<ColdSegmentRow>();
    public DbSet<ColdChunkRow> ColdChunks => Set<ColdChunkRow>();
    public DbSet<StorageJobRunRow> StorageJobRuns => Set<StorageJobRunRow>();
    public DbSet<Collections.SavedFilterRow> SavedFilters => Set<Collections.SavedFilterRow>();
    public DbSet<Collections.CollectionRow> Collections => Set<Collections.CollectionRow>();
    public DbSet<Collections.CollectionItemRow> CollectionItems => Set<Collections.CollectionItemRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Collections.SavedFilterRow>(e =>
        {
            e.ToTable("saved_filters");
            e.Property(x => x.Name).HasMaxLength(Modules.Recordings.Collections.RecordingCollections.NameLength);
            e.Property(x => x.Query).HasMaxLength(Modules.Recordings.Collections.RecordingCollections.QueryLength);
            e.HasIndex(x => new { x.EnvironmentId, x.Name }).IsUnique();
        });
        b.Entity<Collections.CollectionRow>(e =>
        {
            e.ToTable("collections");
            e.Property(x => x.Name).HasMaxLength(Modules.Recordings.Collections.RecordingCollections.NameLength);
            e.HasIndex(x => new { x.EnvironmentId, x.Name }).IsUnique();
        });
        b.Entity<Collections.CollectionItemRow>(e =>
        {
            e.ToTable("collection_items");
            e.HasKey(x => new { x.CollectionId, x.RecordingId });
            e.HasOne<Collections.CollectionRow>().WithMany().HasForeignKey(x => x.CollectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.RecordingId);
        });
        b.Entity<RecordingRow>(e =>
        {
            e.ToTable("recordings");
            e.Property(x => x.SessionId).HasMaxLength(128);
            e.HasIndex(x => new { x.EnvironmentId, x.SessionId }).IsUnique();
            var postgres = Modules.Data.ProviderMigrationsAssembly.IsPostgres(Database.ProviderName);
            // The REST API's list: its default order (replayable, newest first), its other orders and filters.
            e.Property(x => x.DurationMs).HasComputedColumnSql("\"EndTimeMs\" - \"StartTimeMs\"",
                // PostgreSQL before 18 has only stored generated columns.
                stored: postgres);
            if (postgres) IndexForPostgres(e);
            else
            {
                e.HasIndex(x => new { x.EnvironmentId, x.StartTimeMs });
                e.HasIndex(x => new { x.EnvironmentId, x.TrackingMode, x.StartTimeMs });
                e.HasIndex(x => new { x.EnvironmentId, x.DurationMs });
                e.HasIndex(x => new { x.EnvironmentId, x.ActiveMs });
                e.HasIndex(x => new { x.EnvironmentId, x.ConsoleErrorCount });
            }
            e.HasIndex(x => new { x.EnvironmentId, x.DistinctId, x.StartTimeMs });
            e.Property(x => x.DistinctId).HasMaxLength(200);
            e.Property(x => x.PersonPropertiesJson).HasMaxLength(IngestionColumnLimits.Properties);
            e.Property(x => x.TrackingMode).HasMaxLength(16);
            e.Property(x => x.StartUrl).HasMaxLength(IngestionColumnLimits.Url);
            e.Property(x => x.BrowserInfo).HasMaxLength(512);
            // Recordings from before events set the times keep theirs.
            e.Property(x => x.TimesFromEvents).HasDefaultValue(true).ValueGeneratedNever();
        });
        b.Entity<RecordingViewRow>(e =>
        {
            e.ToTable("recording_views");
            // The key serves "has this admin (or every admin) viewed this recording" for each listed row.
            e.HasKey(x => new { x.RecordingId, x.AdminId });
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RecordingAnalysisRow>(e =>
        {
            e.ToTable("recording_analyses");
            e.HasKey(x => x.RecordingId);
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<BehaviorEventRow>(e =>
        {
            e.ToTable("behavior_events");
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.RecordingId, x.TimestampMs });
            e.Property(x => x.WindowId).HasMaxLength(128);
            e.Property(x => x.Type).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(IngestionColumnLimits.Url);
            e.Property(x => x.Selector).HasMaxLength(1000);
            e.Property(x => x.Text).HasMaxLength(IngestionColumnLimits.Text);
            e.Property(x => x.PropertiesJson).HasMaxLength(IngestionColumnLimits.Properties);
        });
        b.Entity<ReplayEventRow>(e =>
        {
            e.ToTable("replay_events");
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.RecordingId, x.TimestampMs });
            e.Property(x => x.WindowId).HasMaxLength(128);
            e.Property(x => x.Type).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(IngestionColumnLimits.Url);
            e.Property(x => x.Selector).HasMaxLength(64);
            e.Property(x => x.Text).HasMaxLength(IngestionColumnLimits.Text);
            e.Property(x => x.PropertiesJson).HasMaxLength(IngestionColumnLimits.Properties);
        });
        b.Entity<SnapshotChunkRow>(e =>
        {
            e.ToTable("snapshot_chunks");
            e.HasOne<RecordingRow>().WithMany().HasForeignKey(x => x.RecordingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.RecordingId, x.FirstTimestampMs });
            e.Property(x => x.WindowId).HasMaxLength(128);
        });
        b.Entity<IngestedBatchRow>(e =>
        {
            e.ToTable("ingested_batches");
            e.HasKey(x => new { x.EnvironmentId, x.SessionId, x.WindowId, x.Sequence });
            e.Property(x => x.SessionId).HasMaxLength(128);
            e.Property(x => x.WindowId).HasMaxLength(128);
        });
        StorageModel.Configure(b);
    }

    // A method of its own because IncludeProperties is Npgsql's: the JIT loads the assembly of every method a method it
    // compiles names, and named in OnModelCreating it loaded Npgsql's EF Core provider into SQLite servers too.
    private static void IndexForPostgres(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<RecordingRow> e)
    {
        // Every order ends with the id (RecordingFilters.Order). SQLite's indexes end with the rowid, which is the
        // id, so they serve "ORDER BY x DESC, Id DESC" as they are; PostgreSQL's do not: at 1 M recordings it
        // read a whole run of equal values and sorted it (4 825 rows for a page of 100 by error count). The
        // error-count index carries the tracking mode, so that filter's total is counted from the index alone.
        e.HasIndex(x => new { x.EnvironmentId, x.StartTimeMs, x.Id });
        e.HasIndex(x => new { x.EnvironmentId, x.TrackingMode, x.StartTimeMs, x.Id });
        e.HasIndex(x => new { x.EnvironmentId, x.DurationMs, x.Id });
        e.HasIndex(x => new { x.EnvironmentId, x.ActiveMs, x.Id });
        e.HasIndex(x => new { x.EnvironmentId, x.ConsoleErrorCount, x.Id }).IncludeProperties(x => x.TrackingMode);
    }
}

/// <summary>Column sizes the ingestion limits must respect.</summary>
internal static class IngestionColumnLimits
{
    public const int Url = 2048;
    public const int Text = 200;
    public const int Properties = 8192;
}
