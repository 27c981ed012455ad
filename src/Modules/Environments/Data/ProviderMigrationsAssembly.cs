using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Modules.Data;

/// <summary>
/// A module keeps one migration set per provider in its assembly: SQLite's under <c>Data/Migrations</c>, PostgreSQL's
/// under <c>Data/PostgresMigrations</c> (namespace ending in <c>.PostgresMigrations</c>). EF Core finds migrations
/// and the model snapshot by their <c>[DbContext]</c> attribute alone, so this shows it only the set of the provider
/// in use (at run time and for <c>dotnet ef migrations add</c>). One source file, compiled into each module and the host.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF Core's own implementation; only its two lists are narrowed.
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
    IDatabaseProvider provider)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly bool postgres = IsPostgres(provider.Name);
    private readonly Type contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? migrations;

    public static bool IsPostgres(string? providerName) => providerName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    private bool Mine(Type type) => (type.Namespace ?? "").EndsWith(".PostgresMigrations", StringComparison.Ordinal) == postgres;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        migrations ??= base.Migrations.Where(m => Mine(m.Value)).ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            var snapshotType = Assembly.GetTypes()
                .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && Mine(t)
                    && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType)
                .FirstOrDefault();
            return snapshotType is null ? null : (ModelSnapshot)Activator.CreateInstance(snapshotType)!;
        }
    }
}
#pragma warning restore EF1001

internal static class ProviderMigrations
{
    /// <summary>Shows the context only its provider's migration set (the host and the design-time factories call this).</summary>
    public static DbContextOptionsBuilder<T> WithProviderMigrations<T>(this DbContextOptionsBuilder<T> options) where T : DbContext
    {
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        return options;
    }

    public static DbContextOptionsBuilder WithProviderMigrations(this DbContextOptionsBuilder options) =>
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
}

/// <summary>How each module applies its migrations at start-up.</summary>
internal static class ModuleMigrations
{
    /// <summary>
    /// Applies the module's migrations. On PostgreSQL the history table is made first, by EF Core's own repository:
    /// otherwise EF Core 10 reads it before it exists and logs that failed read as an error on every fresh database.
    /// With nothing pending (every start but the first and an upgrade's) EF Core's migrator is not run at all: running
    /// it with nothing to apply left the server about 5 MB more resident at idle (README, "Operating", Memory).
    /// </summary>
    public static async Task MigrateModuleAsync(this DatabaseFacade database, CancellationToken ct)
    {
        if (ProviderMigrationsAssembly.IsPostgres(database.ProviderName))
            await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        if (!(await database.GetPendingMigrationsAsync(ct)).Any()) return;
        await database.MigrateAsync(ct);
    }
}
