using System.Data.Common;

namespace Modules.Recordings.Storage;

/// <summary>
/// The archive job's statements, prepared once on the module's own connection and run many times. The job uses plain
/// SQL (that SQLite and PostgreSQL both accept) because in a freshly started process compiling its EF Core queries and
/// change tracking cost more than moving the bytes; every other reader and writer of these tables stays on EF Core.
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
        command.Prepare();
        return command;
    }

    /// <summary>Sets the parameters by position, in the order they were declared.</summary>
    public static DbCommand With(this DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command;
    }
}
