using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Modules.Recordings.Data;

/// <summary>
/// Inserts rows of one entity type through one prepared INSERT, its table and columns taken from the EF Core model
/// (so it follows the migrations and quotes names as the provider does). For the ingestion writer's bulk rows: EF
/// Core's change tracking and one-command-per-row SaveChanges cost more than the rows themselves. Values the
/// database generates (ids, computed columns) are left to it.
/// </summary>
internal sealed class RowInserter<T> : IDisposable where T : class
{
    private readonly DbCommand command;
    private readonly (DbParameter Parameter, IProperty Property)[] columns;

    /// <param name="onConflictDoNothing">Adds <c>ON CONFLICT DO NOTHING</c> (SQLite and PostgreSQL): a row whose key
    /// exists already is skipped, and <see cref="Insert"/> answers false for it.</param>
    public RowInserter(DbContext db, bool onConflictDoNothing = false)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToArray();
        command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        columns = properties.Select((p, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return (parameter, p);
        }).ToArray();
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter.ParameterName))})" +
            (onConflictDoNothing ? " ON CONFLICT DO NOTHING" : "");
        command.Prepare();
    }

    /// <summary>True when the row was inserted.</summary>
    public bool Insert(T row)
    {
        foreach (var (parameter, property) in columns) parameter.Value = property.GetGetter().GetClrValue(row) ?? DBNull.Value;
        return command.ExecuteNonQuery() == 1;
    }

    public void Dispose() => command.Dispose();
}
