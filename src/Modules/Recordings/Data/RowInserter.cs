using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Modules.Recordings.Data;

/// <summary>
/// Inserts rows of one entity type through one prepared INSERT, its table and columns taken from the EF Core model
/// (so it follows the migrations and quotes names as the provider does). For the ingestion writer's bulk rows: EF
/// Core's change tracking and its SaveChanges pipeline cost more than the rows themselves. Values the database
/// generates (ids, computed columns) are left to it; <see cref="InsertReturningKey"/> reads the new id back.
/// </summary>
internal sealed class RowInserter<T> : IDisposable where T : class
{
    private readonly RowStatement<T> statement;

    /// <param name="onConflictDoNothing">Adds <c>ON CONFLICT DO NOTHING</c> (SQLite and PostgreSQL): a row whose key
    /// exists already is skipped, and <see cref="Insert"/> answers false for it.</param>
    /// <param name="returningKey">Adds <c>RETURNING</c> the generated key (SQLite 3.35+, PostgreSQL).</param>
    public RowInserter(DbContext db, bool onConflictDoNothing = false, bool returningKey = false)
    {
        statement = new RowStatement<T>(db, p => p.ValueGenerated == ValueGenerated.Never);
        statement.Prepare(
            $"INSERT INTO {statement.Table} ({string.Join(", ", statement.Columns.Select(c => c.Name))}) " +
            $"VALUES ({string.Join(", ", statement.Columns.Select(c => c.ParameterName))})" +
            (onConflictDoNothing ? " ON CONFLICT DO NOTHING" : "") +
            (returningKey ? $" RETURNING {statement.Sql.DelimitIdentifier(statement.KeyColumn)}" : ""));
    }

    /// <summary>True when the row was inserted.</summary>
    public bool Insert(T row) => statement.Bind(row).ExecuteNonQuery() == 1;

    /// <summary>Inserts the row and answers the key the database gave it.</summary>
    public long InsertReturningKey(T row) => Convert.ToInt64(statement.Bind(row).ExecuteScalar());

    public void Dispose() => statement.Dispose();
}

/// <summary>Updates rows of one entity type by their single-column key through one prepared UPDATE of every stored column.</summary>
internal sealed class RowUpdater<T> : IDisposable where T : class
{
    private readonly RowStatement<T> statement;

    public RowUpdater(DbContext db)
    {
        statement = new RowStatement<T>(db, p => p.ValueGenerated == ValueGenerated.Never || p.IsPrimaryKey());
        var key = statement.Columns.Single(c => c.Property.IsPrimaryKey());
        statement.Prepare(
            $"UPDATE {statement.Table} SET {string.Join(", ", statement.Columns.Where(c => c != key).Select(c => $"{c.Name} = {c.ParameterName}"))} " +
            $"WHERE {key.Name} = {key.ParameterName}");
    }

    /// <summary>False when no row has the key (it was deleted meanwhile).</summary>
    public bool Update(T row) => statement.Bind(row).ExecuteNonQuery() == 1;

    public void Dispose() => statement.Dispose();
}

/// <summary>
/// A statement on the context's connection and transaction with one parameter per chosen property of
/// <typeparamref name="T"/>, prepared once through <see cref="PreparedSql"/>.
/// </summary>
internal sealed class RowStatement<T> : IDisposable where T : class
{
    private readonly DbConnection connection;
    private readonly DbTransaction? transaction;
    private DbCommand? command;

    public RowStatement(DbContext db, Func<IProperty, bool> include)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Sql = db.GetService<ISqlGenerationHelper>();
        Table = Sql.DelimitIdentifier(table.Name, table.Schema);
        KeyColumn = entity.FindPrimaryKey()!.Properties[0].GetColumnName(table)!;
        connection = db.Database.GetDbConnection();
        transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Columns = [.. entity.GetProperties().Where(include).Select((p, i) => new Column(Sql.DelimitIdentifier(p.GetColumnName(table)!), "@p" + i, p))];
    }

    public sealed record Column(string Name, string ParameterName, IProperty Property);

    public ISqlGenerationHelper Sql { get; }
    public string Table { get; }
    public string KeyColumn { get; }
    public Column[] Columns { get; }

    /// <summary>Once, with the statement's text: every later execution only binds values.</summary>
    public void Prepare(string sql) => command = PreparedSql.Prepare(connection, transaction, sql, [.. Columns.Select(c => c.ParameterName)]);

    public DbCommand Bind(T row)
    {
        var prepared = command ?? throw new InvalidOperationException("Prepare the statement first.");
        for (var i = 0; i < Columns.Length; i++) prepared.Parameters[i].Value = Columns[i].Property.GetGetter().GetClrValue(row) ?? DBNull.Value;
        return prepared;
    }

    public void Dispose() => command?.Dispose();
}
