using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Modules.Recordings.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RecordingsDbContext>
{
    public RecordingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RecordingsDbContext>().UseSqlite("Data Source=design.db").Options);
}
