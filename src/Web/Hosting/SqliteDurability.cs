using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Web.Hosting;

/// <summary>
/// Part of the SQLite seam: every connection commits with <c>synchronous=FULL</c>, so in WAL mode an acknowledged
/// write survives a process kill and a power loss. Set per connection because SQLite does not store it in the file.
/// </summary>
internal sealed class SqliteDurability : DbConnectionInterceptor
{
    public static SqliteDurability Instance { get; } = new();
    private const string Pragmas = "PRAGMA synchronous=FULL;";

    // EF Core opens a connection for every query, but Microsoft.Data.Sqlite hands out pooled native handles, which keep
    // the setting: a handle that has it is not sent the PRAGMA again (one command less per query on the API's path).
    private static readonly ConditionalWeakTable<object, object> Durable = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsDurable(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkDurable(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (IsDurable(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
        MarkDurable(connection);
    }

    private static bool IsDurable(DbConnection connection) => connection is SqliteConnection { Handle: { } handle } && Durable.TryGetValue(handle, out _);

    private static void MarkDurable(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Durable.AddOrUpdate(handle, Instance);
    }
}
