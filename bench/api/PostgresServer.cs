using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ApiBench;

/// <summary>
/// The benchmark's own PostgreSQL (Debian's <c>postgresql</c> package, as the tests use): initdb into a temporary
/// directory, listening on 127.0.0.1 on a free port, stopped and removed on dispose. <c>auto_explain</c> is loaded but
/// off; <see cref="ExplainEveryStatement"/> turns it on to log the plans of exactly the SQL the server sends.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private readonly string bin;
    private readonly string root;
    private readonly bool asRoot = Environment.UserName == "root";

    public int Port { get; }

    public string LogFile => Path.Combine(root, "log");

    public PostgresServer()
    {
        bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql (test.sh does).");
        root = Directory.CreateTempSubdirectory("api-bench-postgres-").FullName;
        // initdb and postgres refuse to run as root: as root, run them as the package's postgres user.
        if (asRoot) Run("chown", false, "postgres", root);
        Port = FreePort();
        Run(Path.Combine(bin, "initdb"), asRoot, "-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        // Durability as a real server (fsync on); 128 MB of shared buffers, PostgreSQL's default.
        Run(Path.Combine(bin, "pg_ctl"), asRoot, "-D", Data, "-l", LogFile, "-w", "-o",
            $"-h 127.0.0.1 -p {Port} -k {root} -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=-1", "start");
    }

    private string Data => Path.Combine(root, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 30 }.ToString();

    public string NewDatabase(string name)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        create.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>The CPU time (user + system) of this server's processes so far (the postmaster and its children, from
    /// /proc/PID/stat): the database's share of a request, beside the server process's own.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var postmaster = File.ReadLines(Path.Combine(Data, "postmaster.pid")).First().Trim();
            var ticks = 0L;
            foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsDigit)))
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    // After "pid (name) ": state, ppid, … utime and stime are fields 14 and 15 of stat.
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (pid != postmaster && fields[1] != postmaster) continue;
                    ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
            }
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
    }

    /// <summary>
    /// Every connection opened to <paramref name="database"/> from now on logs each statement's EXPLAIN ANALYZE (and
    /// buffers) to <see cref="LogFile"/>: auto_explain writes a plan in the executor's end, before the client has the
    /// result. A server started after this call sends its SQL only on such connections.
    /// </summary>
    public void ExplainEveryStatement(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        foreach (var setting in new[] { "log_min_duration = 0", "log_analyze = on", "log_buffers = on", "log_format = json" })
        {
            using var set = new NpgsqlCommand($"ALTER DATABASE {database} SET auto_explain.{setting}", connection);
            set.ExecuteNonQuery();
        }
    }

    public long LogLength => new FileInfo(LogFile).Length;

    public string LogSince(long offset)
    {
        using var log = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(offset, SeekOrigin.Begin);
        return new StreamReader(log).ReadToEnd();
    }

    public void Dispose()
    {
        try
        {
            Run(Path.Combine(bin, "pg_ctl"), asRoot, "-D", Data, "-m", "fast", "-w", "stop");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
