using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Modules.Data;
using Npgsql;

namespace Web.Hosting;

/// <summary>Which engine holds the modules' data (<c>Database:Provider</c>).</summary>
internal enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// The provider seam: the one place that knows which database each module lives in. On the embedded default
/// every module gets its own SQLite file in the data directory. On PostgreSQL (<c>Database:Provider=Postgres</c>,
/// <c>ConnectionStrings:Postgres</c>) every module gets its own schema in the one database, named after its file
/// (<c>environments</c>, <c>recordings</c>, <c>sharing</c>), and nothing but the cold files is kept in the data directory.
/// </summary>
internal sealed class ModuleDatabases(string dataDirectory, DatabaseProvider provider = DatabaseProvider.Sqlite, string? postgresConnectionString = null)
{
    public static readonly string[] Files = ["environments.db", "recordings.db", "sharing.db"];

    /// <summary>The modules' databases and Hangfire's (<see cref="JobStore"/>), which a backup copies and checkpoints keep small.</summary>
    public static readonly string[] AllFiles = [.. Files, JobStore.File];

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public DatabaseProvider Provider { get; } = provider;

    public bool OnPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The PostgreSQL connection string as configured (no schema chosen); only on PostgreSQL.</summary>
    public string PostgresConnectionString => postgresConnectionString ?? throw new InvalidOperationException("Not on PostgreSQL.");

    /// <summary>The key of the session-level advisory lock a node holds while it applies migrations.</summary>
    public const long MigrationLockKey = 0x5265636f7264; // "Record"

    /// <summary>Where the cold segment files live: <c>Storage:ColdDirectory</c> (on several nodes, a directory every
    /// node mounts), else <c>cold/</c> in the data directory.</summary>
    public static string ColdDirectory(IConfiguration configuration, ModuleDatabases databases) =>
        configuration["Storage:ColdDirectory"] is { Length: > 0 } cold ? Path.GetFullPath(cold) : Path.Combine(databases.DataDirectory, "cold");

    public static ModuleDatabases From(IConfiguration configuration)
    {
        var dataDirectory = configuration["DataDirectory"] is { Length: > 0 } dir ? dir : "./data";
        var name = configuration["Database:Provider"];
        if (string.IsNullOrEmpty(name) || name.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)) return new(dataDirectory);
        if (!name.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{name}' is not known; use Sqlite (the default) or Postgres.");
        var connectionString = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
        return new(dataDirectory, DatabaseProvider.Postgres, connectionString);
    }

    /// <summary>The module's schema on PostgreSQL: its file's name without the extension.</summary>
    public static string Schema(string file) => Path.GetFileNameWithoutExtension(file);

    public Action<DbContextOptionsBuilder> For(string file) => OnPostgres
        ? options => UseNpgsql(options, file)
        : options => options.UseSqlite(ConnectionString(file)).AddInterceptors(SqliteDurability.Instance, RequestProfiling.CommandTimer.Instance).WithProviderMigrations();

    // Npgsql's types are named only in methods that run on PostgreSQL: the JIT loads an assembly for every type a
    // method it compiles names, and Npgsql's two assemblies cost a SQLite server memory it never uses (docs/benchmarks.md, "Memory").
    private void UseNpgsql(DbContextOptionsBuilder options, string file) =>
        options.UseNpgsql(ConnectionString(file), o => o.MigrationsHistoryTable("__EFMigrationsHistory", Schema(file)))
            .AddInterceptors(RequestProfiling.CommandTimer.Instance).WithProviderMigrations();

    /// <summary>On PostgreSQL the module's schema is first on the search path, so its unqualified names are its own.</summary>
    public string ConnectionString(string file) => OnPostgres
        ? PostgresSchemaConnectionString(file)
        : new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(DataDirectory, file),
        // Writers wait up to this long for the lock instead of failing at once.
        DefaultTimeout = 30,
    }.ToString();

    private string PostgresSchemaConnectionString(string file) => new NpgsqlConnectionStringBuilder(PostgresConnectionString)
        {
            SearchPath = Schema(file),
            // The ingestion writer's and archive job's statements run thousands of times: Npgsql prepares them on the
            // server after a few runs (PreparedSql cannot prepare untyped parameters ahead on PostgreSQL).
            MaxAutoPrepare = 64,
        }.ToString();

    /// <summary>Moves the WAL into the database and truncates it to zero bytes (when no reader holds it).</summary>
    public async Task CheckpointAsync(string file, CancellationToken ct)
    {
        if (OnPostgres) return;
        await using var connection = new SqliteConnection(ConnectionString(file));
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// A consistent copy of each database while the server runs: <c>VACUUM INTO</c> reads one snapshot of the file
    /// (a read transaction, so writers go on) and writes a compact copy. Refuses to overwrite an existing copy.
    /// </summary>
    public async Task<List<(string File, long Bytes)>> BackupAsync(string targetDirectory, CancellationToken ct)
    {
        if (OnPostgres) throw new InvalidOperationException("On PostgreSQL back the database up with pg_dump (or your PostgreSQL's own backups); this command copies SQLite files.");
        CreatePrivateDirectory(targetDirectory);
        var copies = new List<(string, long)>();
        foreach (var file in AllFiles)
        {
            // Hangfire's file appears once a server has run; a data directory only ever used by commands has none.
            if (file == JobStore.File && !File.Exists(Path.Combine(DataDirectory, file))) continue;
            var target = Path.Combine(targetDirectory, file);
            if (File.Exists(target)) throw new IOException($"{target} exists already; back up into an empty directory.");
            await using var connection = new SqliteConnection(ConnectionString(file));
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $target;";
            command.Parameters.AddWithValue("$target", target);
            await command.ExecuteNonQueryAsync(ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, PrivateFile);
            copies.Add((file, new FileInfo(target).Length));
        }
        return copies;
    }

    /// <summary>Only the server's own user may read or write the data: recordings hold what visitors typed and saw.</summary>
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the data directory (0700) and every database file (0600; SQLite gives its WAL and shared-memory files
    /// the database's mode), tightens files an older version left readable, and puts each in WAL mode (a property of the file).
    /// </summary>
    public void Prepare()
    {
        if (OnPostgres)
        {
            CreateSchemas();
            return;
        }
        CreatePrivateDirectory(DataDirectory);
        foreach (var file in Files)
        {
            MakePrivate(Path.Combine(DataDirectory, file));
            using var connection = new SqliteConnection(ConnectionString(file));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
    }

    private void CreateSchemas()
    {
        using var pg = new NpgsqlConnection(PostgresConnectionString);
        pg.Open();
        foreach (var file in Files)
        {
            using var create = pg.CreateCommand();
            create.CommandText = $"CREATE SCHEMA IF NOT EXISTS \"{Schema(file)}\"";
            create.ExecuteNonQuery();
        }
    }

    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else if (!Directory.Exists(path)) Directory.CreateDirectory(path, PrivateDirectory);
    }

    /// <summary>Creates the file empty with mode 0600 (an empty file is a new SQLite database), or sets that mode.</summary>
    public static void MakePrivate(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (File.Exists(path)) File.SetUnixFileMode(path, PrivateFile);
        else new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile }).Dispose();
    }
}
