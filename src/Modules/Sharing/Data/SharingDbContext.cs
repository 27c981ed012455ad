using Microsoft.EntityFrameworkCore;

namespace Modules.Sharing.Data;

internal sealed class SharingDbContext(DbContextOptions<SharingDbContext> options) : DbContext(options)
{
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<ShareLink>(e =>
        {
            e.ToTable("share_links");
            e.HasKey(x => new { x.EnvironmentId, x.RecordingId });
            e.Property(x => x.RecordingId).HasMaxLength(128);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
        });
    }
}

/// <summary>The public link of one recording: the token is stored only as a hash.</summary>
internal sealed class ShareLink
{
    public int EnvironmentId { get; set; }
    public required string RecordingId { get; set; }
    public required string TokenHash { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>
    /// The shared recording's creation time (<c>RecordingInfo.CreatedAtMs</c>): a later recording under the same session
    /// id is not the one shared. Null for links made before it was kept.
    /// </summary>
    public long? RecordingCreatedAtMs { get; set; }
}
