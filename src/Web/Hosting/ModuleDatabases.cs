using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Web.Hosting;

/// <summary>
/// The provider seam: the one place that knows which database each module lives in. On the embedded default
/// every module gets its own SQLite file in the data directory.
/// </summary>
internal sealed class ModuleDatabases(string dataDirectory)
{
    public static readonly string[] Files = ["environments.db", "recordings.db", "sharing.db"];

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public static ModuleDatabases From(IConfiguration configuration) =>
        new(configuration["DataDirectory"] is { Length: > 0 } dir ? dir : "./data");

    public Action<DbContextOptionsBuilder> For(string file) =>
        options => options.UseSqlite(ConnectionString(file)).AddInterceptors(SqliteDurability.Instance, RequestProfiling.CommandTimer.Instance);

    public string ConnectionString(string file) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(DataDirectory, file),
        // Writers wait up to this long for the lock instead of failing at once.
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Creates the data directory and puts every database file in WAL mode (a property of the file).</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(DataDirectory);
        foreach (var file in Files)
        {
            using var connection = new SqliteConnection(ConnectionString(file));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
    }
}
