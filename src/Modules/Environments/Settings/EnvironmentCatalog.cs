using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Modules.Environments.Contracts;
using Modules.Environments.Data;

namespace Modules.Environments.Settings;

internal sealed class EnvironmentCatalog(EnvironmentsDbContext db, TimeProvider clock) : IEnvironmentCatalog
{
    public async Task<IReadOnlyList<EnvironmentInfo>> ListAsync(CancellationToken ct) =>
        (await db.Environments.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(ToInfo).ToList();

    // Compiled once: every API request looks its project up, and translating the LINQ cost more than the read.
    // One per provider: a compiled query is bound to the model it was first run with, and SQLite's and PostgreSQL's
    // models differ (a process holding hosts on both, as the tests do, would otherwise fail on the second).
    private static readonly Func<EnvironmentsDbContext, int, CancellationToken, Task<EnvironmentRow?>>[] ByIdByProvider = [EF.CompileAsyncQuery((EnvironmentsDbContext db, int id, CancellationToken _) => db.Environments.AsNoTracking().FirstOrDefault(e => e.Id == id)), EF.CompileAsyncQuery((EnvironmentsDbContext db, int id, CancellationToken _) => db.Environments.AsNoTracking().FirstOrDefault(e => e.Id == id))];

    private static Func<EnvironmentsDbContext, int, CancellationToken, Task<EnvironmentRow?>> ByIdFor(EnvironmentsDbContext db) => ByIdByProvider[Modules.Data.ProviderMigrationsAssembly.IsPostgres(db.Database.ProviderName) ? 1 : 0];

    public async Task<EnvironmentInfo?> FindAsync(int id, CancellationToken ct) => await ByIdFor(db)(db, id, ct) is { } row ? ToInfo(row) : null;

    public async Task<EnvironmentInfo?> FindByTokenAsync(string token, CancellationToken ct) =>
        string.IsNullOrEmpty(token) || token.Length > 64 ? null
        : await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Token == token, ct) is { } row ? ToInfo(row) : null;

    public async Task<EnvironmentInfo> CreateAsync(string name, CancellationToken ct)
    {
        var defaults = EnvironmentSettings.Defaults;
        var row = new EnvironmentRow
        {
            Name = SettingsValidation.Name(name),
            Token = NewToken(),
            CreatedAt = clock.GetUtcNow(),
        };
        Apply(row, defaults);
        db.Environments.Add(row);
        await db.SaveChangesAsync(ct);
        return ToInfo(row);
    }

    public async Task<EnvironmentInfo> UpdateAsync(int id, string name, EnvironmentSettings settings, CancellationToken ct)
    {
        var row = await db.Environments.FirstOrDefaultAsync(e => e.Id == id, ct)
            ?? throw new NotFoundException($"Environment {id} does not exist.");
        var validName = SettingsValidation.Name(name);
        var valid = SettingsValidation.Settings(settings);
        row.Name = validName;
        Apply(row, valid);
        await db.SaveChangesAsync(ct);
        return ToInfo(row);
    }

    private static void Apply(EnvironmentRow row, EnvironmentSettings s)
    {
        row.RecordingEnabled = s.RecordingEnabled;
        row.ManualPlaybackStart = s.ManualPlaybackStart;
        row.PlaybackQuota = s.PlaybackQuota;
        row.RetentionDays = s.RetentionDays;
        row.MaskAllInputs = s.MaskAllInputs;
        row.AllowedOrigins = string.Join('\n', s.AllowedOrigins);
    }

    internal static EnvironmentInfo ToInfo(EnvironmentRow r) => new(r.Id, r.Name, r.Token, r.CreatedAt,
        new EnvironmentSettings(r.RecordingEnabled, r.ManualPlaybackStart, r.PlaybackQuota, r.RetentionDays, r.MaskAllInputs,
            r.AllowedOrigins.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

    // The ingestion token is public (it sits in every page that embeds the SDK); it only needs to be unguessable
    // enough that nobody sends data to an environment by accident.
    private static string NewToken() => "env_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // The module's IEnvironmentCatalog role (see EnvironmentRoles.cs).
    Task<IReadOnlyList<EnvironmentInfo>> IEnvironmentCatalog.ListEnvironmentsAsync(CancellationToken ct) => ListAsync(ct);
    Task<EnvironmentInfo?> IEnvironmentCatalog.FindEnvironmentAsync(int id, CancellationToken ct) => FindAsync(id, ct);
    Task<EnvironmentInfo?> IEnvironmentCatalog.FindEnvironmentByTokenAsync(string token, CancellationToken ct) => FindByTokenAsync(token, ct);
    Task<EnvironmentInfo> IEnvironmentCatalog.CreateEnvironmentAsync(string name, CancellationToken ct) => CreateAsync(name, ct);
    Task<EnvironmentInfo> IEnvironmentCatalog.UpdateEnvironmentAsync(int id, string name, EnvironmentSettings settings, CancellationToken ct) => UpdateAsync(id, name, settings, ct);
}
