using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Modules.Data;

namespace Modules.Recordings.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RecordingsDbContext>
{
    /// <remarks>`-- postgres` after the command builds it on PostgreSQL, for the PostgresMigrations set
    /// (`dotnet ef migrations add NAME -o Data/PostgresMigrations -n Modules.Recordings.Data.PostgresMigrations -- postgres`).</remarks>
    public RecordingsDbContext CreateDbContext(string[] args) =>
        new(args.Contains("postgres")
            ? new DbContextOptionsBuilder<RecordingsDbContext>().UseNpgsql("Host=localhost;Database=design").WithProviderMigrations().Options
            : new DbContextOptionsBuilder<RecordingsDbContext>().UseSqlite("Data Source=design.db").WithProviderMigrations().Options);
}
