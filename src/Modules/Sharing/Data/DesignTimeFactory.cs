using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Modules.Sharing.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SharingDbContext>
{
    public SharingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SharingDbContext>().UseSqlite("Data Source=design.db").Options);
}
