using System.Data.Common;
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

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }
}
