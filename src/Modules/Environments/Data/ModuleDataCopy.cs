using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Modules.Data;

/// <summary>
/// Copies every row of a module's tables from one installation's database into another's (<c>recordings migrate
/// --to-postgres</c>): each table the module's model maps, parents before children, ids kept, in one transaction on
/// the target, then the target's identity sequences moved past the copied ids and the counts compared. The rows are
/// read through the module's own DbContext and written with PostgreSQL's binary <c>COPY</c> as the target model maps
/// and converts each column. One source file, compiled into each module (a module's DbContext is its own).
/// </summary>
internal static class ModuleDataCopy
{
    /// <returns>Each table (parents first) with the rows copied and the seconds it took.</returns>
    public static async Task<IReadOnlyList<(string Table, long Rows, double Seconds)>> CopyAsync<TContext>(IServiceProvider from, IServiceProvider to, CancellationToken ct)
        where TContext : DbContext
    {
        await using var fromScope = from.CreateAsyncScope();
        await using var toScope = to.CreateAsyncScope();
        var source = fromScope.ServiceProvider.GetRequiredService<TContext>();
        var target = toScope.ServiceProvider.GetRequiredService<TContext>();
        if (!ProviderMigrationsAssembly.IsPostgres(target.Database.ProviderName))
            throw new NotSupportedException("The copy writes into PostgreSQL only.");
        var copied = new List<(string, long, double)>();
        await using var transaction = await target.Database.BeginTransactionAsync(ct);
        foreach (var entity in ParentsFirst(target.Model))
        {
            if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
                throw new NotSupportedException($"{entity.DisplayName()}.{shadow.Name} is a shadow property, which the copy would lose.");
            var copy = typeof(ModuleDataCopy).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(entity.ClrType);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var rows = await (Task<long>)copy.Invoke(null, [source, target, entity, ct])!;
            copied.Add((entity.GetTableName()!, rows, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds));
        }
        foreach (var entity in target.Model.GetEntityTypes()) await MoveSequencesPastCopiedIdsAsync(target, entity, ct);
        await transaction.CommitAsync(ct);
        return copied;
    }

    private static async Task<long> CopyTableAsync<T>(DbContext source, DbContext target, IEntityType entity, CancellationToken ct) where T : class
    {
        // Times with an offset: PostgreSQL's timestamptz takes UTC only; the instant is the same.
        var times = entity.GetProperties().Select(p => p.PropertyInfo)
            .Where(p => p is not null && (p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?))).Cast<PropertyInfo>().ToList();
        var expected = await source.Set<T>().LongCountAsync(ct);
        var rows = await CopyIntoPostgresAsync(source.Set<T>(), target, entity, times, ct);
        var landed = await target.Set<T>().LongCountAsync(ct);
        if (rows != expected || landed != expected)
            throw new InvalidOperationException($"{entity.GetTableName()}: {expected} rows in the source, {rows} read, {landed} in the target.");
        return rows;
    }

    /// <summary>
    /// PostgreSQL's binary <c>COPY</c> in the open transaction: each column the model maps (computed ones aside), each
    /// value converted as the model converts it and written as the column's store type.
    /// </summary>
    private static async Task<long> CopyIntoPostgresAsync<T>(DbSet<T> source, DbContext target, IEntityType entity, List<PropertyInfo> times, CancellationToken ct) where T : class
    {
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.GetComputedColumnSql(store) is null)
            .Select(p => (Property: p, Getter: p.GetGetter(), Mapping: p.GetRelationalTypeMapping())).ToList();
        var types = columns.Select(c => System.Text.RegularExpressions.Regex.Replace(c.Mapping.StoreType, @"\(.*\)", "")).ToList();
        var connection = (Npgsql.NpgsqlConnection)target.Database.GetDbConnection();
        long rows = 0;
        // Awaited as a plain Task: an awaiter of Npgsql's type in this state machine would load Npgsql into every server
        // that lists the module's types (EF Core does, to find migrations), SQLite ones included.
        var importing = connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Property.GetColumnName(store)}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        await (Task)importing;
        await using (var import = importing.Result)
        {
            await foreach (var row in source.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            {
                InUtc(row, times);
                await import.StartRowAsync(ct);
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = columns[i].Getter.GetClrValue(row);
                    if (value is not null && columns[i].Mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                    if (value is null) await import.WriteNullAsync(ct);
                    else await import.WriteAsync(value, types[i], ct);
                }
                rows++;
            }
            await import.CompleteAsync(ct);
        }
        return rows;
    }

    private static void InUtc(object row, List<PropertyInfo> times)
    {
        foreach (var time in times)
            if (time.GetValue(row) is DateTimeOffset value && value.Offset != TimeSpan.Zero) time.SetValue(row, value.ToUniversalTime());
    }

    /// <summary>An identity column's sequence starts after the largest copied id, so the next row gets a new one.</summary>
    private static async Task MoveSequencesPastCopiedIdsAsync(DbContext target, IEntityType entity, CancellationToken ct)
    {
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        foreach (var property in entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.OnAdd && p.IsPrimaryKey()
            && (p.ClrType == typeof(int) || p.ClrType == typeof(long))))
        {
            var column = property.GetColumnName(store)!;
            // pg_get_serial_sequence finds the identity's sequence (NULL, and setval does nothing, when there is none).
            // The names are the model's own, not input.
#pragma warning disable EF1002
            await target.Database.ExecuteSqlRawAsync(
                $"""SELECT setval(pg_get_serial_sequence('"{table}"', '{column}'), COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)""", ct);
#pragma warning restore EF1002
        }
    }

    /// <summary>The model's tables ordered so a table comes after every table its foreign keys point to.</summary>
    private static List<IEntityType> ParentsFirst(IModel model)
    {
        var ordered = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType entity)
        {
            if (ordered.Contains(entity) || !visiting.Add(entity)) return;
            foreach (var parent in entity.GetForeignKeys().Select(f => f.PrincipalEntityType).Where(p => p != entity)) Visit(parent);
            ordered.Add(entity);
        }
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.GetTableName(), StringComparer.Ordinal)) Visit(entity);
        return ordered;
    }
}
