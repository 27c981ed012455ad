using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Modules.Data;

namespace Modules.Sharing.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SharingDbContext>
{
    /// <remarks>`-- postgres` after the command builds it on PostgreSQL, for the PostgresMigrations set
    /// (`dotnet ef migrations add NAME -o Data/PostgresMigrations -n Modules.Sharing.Data.PostgresMigrations -- postgres`).</remarks>
    public SharingDbContext CreateDbContext(string[] args) =>
        new(args.Contains("postgres")
            ? new DbContextOptionsBuilder<SharingDbContext>().UseNpgsql("Host=localhost;Database=design").WithProviderMigrations().Options
            : new DbContextOptionsBuilder<SharingDbContext>().UseSqlite("Data Source=design.db").WithProviderMigrations().Options);
}
