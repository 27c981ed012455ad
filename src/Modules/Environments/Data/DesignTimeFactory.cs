using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Modules.Data;

namespace Modules.Environments.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EnvironmentsDbContext>
{
    /// <remarks>`-- postgres` after the command builds it on PostgreSQL, for the PostgresMigrations set
    /// (`dotnet ef migrations add NAME -o Data/PostgresMigrations -n Modules.Environments.Data.PostgresMigrations -- postgres`).</remarks>
    public EnvironmentsDbContext CreateDbContext(string[] args) =>
        new(args.Contains("postgres")
            ? new DbContextOptionsBuilder<EnvironmentsDbContext>().UseNpgsql("Host=localhost;Database=design").WithProviderMigrations().Options
            : new DbContextOptionsBuilder<EnvironmentsDbContext>().UseSqlite("Data Source=design.db").WithProviderMigrations().Options);
}
