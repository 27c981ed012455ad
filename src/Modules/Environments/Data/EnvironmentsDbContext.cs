using Microsoft.EntityFrameworkCore;

namespace Modules.Environments.Data;

internal sealed class EnvironmentsDbContext(DbContextOptions<EnvironmentsDbContext> options) : DbContext(options)
{
    public DbSet<EnvironmentRow> Environments => Set<EnvironmentRow>();
    public DbSet<PlaybackReservation> PlaybackReservations => Set<PlaybackReservation>();
    public DbSet<PlaybackQuotaCounter> PlaybackQuotaCounters => Set<PlaybackQuotaCounter>();
    public DbSet<AdminAccount> Admins => Set<AdminAccount>();
    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();
    public DbSet<EndedAdminSession> EndedAdminSessions => Set<EndedAdminSession>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<EnvironmentRow>(e =>
        {
            e.ToTable("environments");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Token).HasMaxLength(64);
            e.HasIndex(x => x.Token).IsUnique();
            e.Property(x => x.AllowedOrigins).HasMaxLength(20_000);
        });
        b.Entity<PlaybackReservation>(e =>
        {
            e.ToTable("playback_reservations");
            e.HasKey(x => new { x.EnvironmentId, x.SessionId });
            e.Property(x => x.SessionId).HasMaxLength(128);
            e.Property(x => x.Period).HasMaxLength(7);
        });
        b.Entity<PlaybackQuotaCounter>(e =>
        {
            e.ToTable("playback_quota_counters");
            e.HasKey(x => new { x.EnvironmentId, x.Period });
            e.Property(x => x.Period).HasMaxLength(7);
        });
        b.Entity<AdminAccount>(e =>
        {
            e.ToTable("admins");
            e.Property(x => x.Email).HasMaxLength(254);
            e.HasIndex(x => x.Email).IsUnique();
            e.Property(x => x.SecurityStamp).HasMaxLength(32);
        });
        b.Entity<EndedAdminSession>(e =>
        {
            e.ToTable("ended_admin_sessions");
            e.HasKey(x => x.SessionId);
            e.Property(x => x.SessionId).HasMaxLength(32);
            e.HasIndex(x => x.EndedAtMs);
        });
        b.Entity<ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash).IsUnique();
            e.Property(x => x.Scopes).HasMaxLength(200);
            e.Property(x => x.EnvironmentIds).HasMaxLength(2000);
            // No foreign key to admins: admins are never deleted, and adding one to the existing table would make
            // SQLite rebuild it outside the migration's transaction.
        });
    }
}
