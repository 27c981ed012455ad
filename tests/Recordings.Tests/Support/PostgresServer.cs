using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Recordings.Tests.Support;

/// <summary>
/// One real PostgreSQL for the whole test run (Debian's <c>postgresql</c> package, which test.sh installs): initdb
/// into a temporary directory, listening on 127.0.0.1 on a free port, stopped when the test process exits. Each test
/// server gets a fresh database of its own (<see cref="NewDatabase"/>).
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Instance> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to a new, empty database on the shared server.</summary>
    public static string NewDatabase()
    {
        var server = Shared.Value;
        var name = "t_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }
        return server.ConnectionString(name);
    }

    /// <summary>Settings that put a test server on a new database of the shared PostgreSQL.</summary>
    public static Dictionary<string, string?> Settings(string? connectionString = null) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = connectionString ?? NewDatabase(),
    };

    /// <summary>The provider every test server uses unless its test chooses: <c>RECORDINGS_TEST_DATABASE=Postgres</c>
    /// runs the in-process suites (or a filtered part of them) on PostgreSQL, SQLite otherwise.</summary>
    public static bool RunOnPostgres { get; } = string.Equals(Environment.GetEnvironmentVariable("RECORDINGS_TEST_DATABASE"), "Postgres", StringComparison.OrdinalIgnoreCase);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> DatabaseOfDataDirectory = new();

    /// <summary>The PostgreSQL database a test server on this data directory uses in a PostgreSQL run, or null.</summary>
    public static string? DatabaseOf(string dataDirectory) =>
        DatabaseOfDataDirectory.TryGetValue(Path.GetFullPath(dataDirectory), out var connectionString) ? connectionString : null;

    /// <summary>
    /// The settings as given, plus PostgreSQL's when the run is on PostgreSQL and the test did not choose a provider.
    /// A server restarted on the same data directory finds the same database.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ForRun(string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        if (!RunOnPostgres || settings.ContainsKey("Database:Provider")) return settings;
        var all = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in Settings(DatabaseOfDataDirectory.GetOrAdd(Path.GetFullPath(dataDirectory), _ => NewDatabase()))) all[key] = value;
        return all;
    }

    private sealed record Instance(int Port)
    {
        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            // Many test servers, each with its pools (Npgsql keeps a disposed host's idle connections until pruned),
            // share one PostgreSQL: small pools whose idle connections close within seconds.
            MaxPoolSize = 10,
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
            Timeout = 30,
        }.ToString();
    }

    private static Instance Start()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: test.sh installs Debian's postgresql package.");
        RemoveStoppedServers();
        var root = Path.Combine(Path.GetTempPath(), "recordings-tests", $"postgres-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        // initdb and postgres refuse to run as root: as root, run them as the package's postgres user.
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres", root);
        var port = FreePort();
        Run(Path.Combine(bin, "initdb"), asRoot, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        Run(Path.Combine(bin, "pg_ctl"), asRoot, "-D", data, "-l", Path.Combine(root, "log"), "-w", "-o",
            $"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=1000 -c shared_buffers=64MB", "start");
        ProcessWatchdog.WhenGone($"{(asRoot ? "runuser -u postgres -- " : "")}{Path.Combine(bin, "pg_ctl")} -D '{data}' -m immediate stop; rm -rf '{root}'");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), asRoot, "-D", data, "-m", "immediate", "stop");
                Directory.Delete(root, recursive: true);
            }
            catch (Exception)
            {
                // The process is exiting; a temporary directory left behind is all that is lost.
            }
        };
        return new Instance(port);
    }

    /// <summary>
    /// Earlier runs' servers that are stopped (no <c>postmaster.pid</c>): the exit handler's delete does not always
    /// finish before the test host is ended. A running server (another run's) keeps its file and is left alone.
    /// </summary>
    private static void RemoveStoppedServers()
    {
        var parent = Path.Combine(Path.GetTempPath(), "recordings-tests");
        if (!Directory.Exists(parent)) return;
        foreach (var dir in Directory.EnumerateDirectories(parent, "postgres-*"))
        {
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid"))) continue;
            if (Directory.GetCreationTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-1)) continue; // another run is just setting it up
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the next run.
            }
            catch (UnauthorizedAccessException)
            {
                // Left for the next run.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, params string[] args) => Run(program, false, args);

    private static void Run(string program, bool asPostgres, params string[] args)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error}{output.Result}");
    }
}
