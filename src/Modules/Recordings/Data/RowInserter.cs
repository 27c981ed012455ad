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

    /// <summary>The insert of the row, in the batch: its outcome (rows inserted, or the key with <c>returningKey</c>) at the batch's index it answers.</summary>
    public int Add(RowBatch batch, T row) => statement.Add(batch, row);

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

    /// <summary>The update of the row, in the batch: rows updated (0 when it was deleted meanwhile) at the index it answers.</summary>
    public int Add(RowBatch batch, T row) => statement.Add(batch, row);

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

    /// <summary>The statement with the row's values, in the batch (sent with it) or, where the provider has no batches, run now.</summary>
    public int Add(RowBatch batch, T row)
    {
        if (!batch.Deferred) return batch.Ran(Bind(row));
        var prepared = command ?? throw new InvalidOperationException("Prepare the statement first.");
        return batch.Add(prepared.CommandText, Columns.Select(c => c.Property.GetGetter().GetClrValue(row)));
    }

    public DbCommand Bind(T row)
    {
        var prepared = command ?? throw new InvalidOperationException("Prepare the statement first.");
        for (var i = 0; i < Columns.Length; i++) prepared.Parameters[i].Value = Columns[i].Property.GetGetter().GetClrValue(row) ?? DBNull.Value;
        return prepared;
    }

    public void Dispose() => command?.Dispose();
}

/// <summary>
/// Statements sent to the database together, in one round trip, where the provider has batches (Npgsql): the writer's
/// rows of a group then cost one exchange with PostgreSQL instead of one each. Where it has none (SQLite, in the
/// process, where a statement costs no round trip) each statement runs when it is added, through its prepared command.
/// Either way <see cref="Answer"/> gives each statement's outcome once <see cref="ExecuteAsync"/> has run.
/// </summary>
internal sealed class RowBatch : IDisposable
{
    private readonly DbBatch? batch;
    private readonly List<object?> answers = [];

    public RowBatch(DbContext db)
    {
        var connection = db.Database.GetDbConnection();
        if (!connection.CanCreateBatch) return;
        batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
    }

    /// <summary>True when statements wait for <see cref="ExecuteAsync"/>; false when each has run as it was added.</summary>
    public bool Deferred => batch is not null;

    public int Add(string sql, IEnumerable<object?> values)
    {
        var command = batch!.CreateBatchCommand();
        command.CommandText = sql;
        var i = 0;
        foreach (var value in values)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i++;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        batch.BatchCommands.Add(command);
        return batch.BatchCommands.Count - 1;
    }

    /// <summary>Records the outcome of a statement run at once: the key it returned, or else the rows it changed.</summary>
    public int Ran(DbCommand command)
    {
        answers.Add(command.CommandText.Contains(" RETURNING ", StringComparison.Ordinal) ? command.ExecuteScalar() : command.ExecuteNonQuery());
        return answers.Count - 1;
    }

    /// <summary>
    /// Sends the waiting statements. Either every one returns a key (<c>RETURNING</c>; one result each, in order) or
    /// none does, and each answers the rows it changed.
    /// </summary>
    public async Task ExecuteAsync()
    {
        if (batch is null || batch.BatchCommands.Count == 0) return;
        // Asynchronously, as the rest of the writer: no thread is held on the socket while PostgreSQL works.
        if (!batch.BatchCommands[0].CommandText.Contains(" RETURNING ", StringComparison.Ordinal))
        {
            await batch.ExecuteNonQueryAsync();
            foreach (DbBatchCommand command in batch.BatchCommands) answers.Add(command.RecordsAffected);
            return;
        }
        await using var reader = await batch.ExecuteReaderAsync();
        do
        {
            answers.Add(await reader.ReadAsync() ? reader.GetValue(0) : null);
        }
        while (await reader.NextResultAsync());
        if (answers.Count != batch.BatchCommands.Count) throw new InvalidOperationException($"{batch.BatchCommands.Count} statements returned {answers.Count} results.");
    }

    /// <summary>The statement's answer: the key it returned, or the rows it changed.</summary>
    public long Answer(int index) => Convert.ToInt64(answers[index]);

    public void Dispose() => batch?.Dispose();
}
