using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Modules.Environments.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EnvironmentsDbContext>
{
    public EnvironmentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<EnvironmentsDbContext>().UseSqlite("Data Source=design.db").Options);
}
