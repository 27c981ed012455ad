using System.Data.Common;

namespace Modules.Recordings.Data;

/// <summary>
/// The module's one helper for plain SQL statements prepared once on its own connection and run many times: the
/// ingestion writer's row inserts and updates (<see cref="RowStatement{T}"/>) and the archive job's reads, index rows
/// and deletes. Plain SQL (that SQLite and PostgreSQL both accept) because on those hot paths EF Core's query
/// compilation, change tracking and SaveChanges cost more than the rows and bytes themselves; every other reader and
/// writer of these tables stays on EF Core. The same text runs on SQLite and PostgreSQL.
/// </summary>
internal static class PreparedSql
{
    public static DbCommand Prepare(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        // PostgreSQL prepares a statement with its parameters' types, which Npgsql takes from their values: an untyped
        // parameter cannot be prepared ahead. There the connection prepares it itself once it has run a few times
        // (Npgsql's automatic preparation, Max Auto Prepare in the connection string the host builds).
        // (Tested on SQLite's type: naming Npgsql's here would load it into a SQLite server.)
        if (connection is Microsoft.Data.Sqlite.SqliteConnection) command.Prepare();
        return command;
    }

    /// <summary>Sets the parameters by position, in the order they were declared.</summary>
    public static DbCommand With(this DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command;
    }
}
