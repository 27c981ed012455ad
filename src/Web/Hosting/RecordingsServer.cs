using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Modules.Environments;
using Modules.Recordings;
using Modules.Sharing;
using Web.Api;
using Web.Replay;
using Web.Ingestion;
using Web.Profiling;

namespace Web.Hosting;

/// <summary>Builds the server: configuration, the modules, the dashboard, the API and background jobs.</summary>
internal static class RecordingsServer
{
    public static WebApplication Build(string[] args, bool withServer = true)
    {
        // Settings are read once at start. Reloading on change would watch the content root (the working directory)
        // recursively, and with it the default data directory: every database write woke the watcher thread.
        // The slim builder: what CreateBuilder adds that this server does not use (IIS, HTTP/3's QUIC transport, Windows'
        // event log, the debugger's and EventSource's loggers) cost about 5 MB resident at idle (README, "Memory"). It
        // keeps AllowedHosts and the Kestrel section; HTTPS endpoints and certificates configured there are added back.
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.WebHost.UseKestrelHttpsConfiguration();
        AddSettingsBesideProgram(builder.Configuration);
        builder.Logging.KeepApiKeysOutOfRequestLogs();
        builder.Logging.AddConsoleFormatter<Logging.StructuredConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        // The slim builder sets the console's formatter to "simple" after binding the settings; they choose it again.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        AddServices(builder.Services, builder.Configuration, withServer);
        var app = builder.Build();
        UsePipeline(app);
        if (withServer)
        {
            app.Services.UseRecordingsJobs();
            StartupGarbage.CollectOnceStarted(app.Lifetime);
        }
        return app;
    }

    // appsettings.json lives beside the program (copied there by the build), so the same file is read whether
    // the server runs from `dotnet run`, the tests or the published binary. It has the lowest precedence.
    private static void AddSettingsBesideProgram(ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });

    private static void AddServices(IServiceCollection services, IConfiguration configuration, bool withServer)
    {
        var databases = ModuleDatabases.From(configuration);
        var rateLimits = RateLimitSettings.From(configuration);
        services.AddSingleton(databases);
        services.AddEnvironmentsModule(databases.For("environments.db"), rateLimits.PlaybackReservationsPerEnvironmentPerMinute);
        services.AddRecordingsModule(databases.For("recordings.db"), configuration.GetSection("Ingestion"));
        services.AddRecordingsStorage(ModuleDatabases.ColdDirectory(configuration, databases), configuration.GetSection("Storage"));
        services.AddSharingModule(databases.For("sharing.db"));
        if (withServer && !databases.OnPostgres) services.AddHostedService<InstallationLock>();
        services.AddSingleton<ModuleInitialiser>();
        services.AddHostedService(sp => sp.GetRequiredService<ModuleInitialiser>());

        services.AddJobStore(databases);
        services.AddDataProtectionKeys(databases);
        services.AddHostHealthChecks();
        services.AddSingleton<Profiles>();
        services.AddTelemetry(configuration);
        if (withServer)
        {
            services.AddHangfireServer((sp, o) =>
            {
                o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                // This server's own filters (not Hangfire's process-wide ones): two servers in one process stay apart.
                o.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection { new JobRunProfiling(sp.GetRequiredService<Profiles>()) });
            });
            if (!databases.OnPostgres) services.AddHostedService<WalCheckpoints>();
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/sign-in";
            o.Cookie.Name = "recordings.admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.Events.OnValidatePrincipal = AdminSignIn.ValidateAsync;
        });
        services.AddAuthorization();
        services.AddRecordingsRateLimits(rateLimits);
        services.AddTrustedProxies(configuration);
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddSingleton<FirstRunState>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Setup/Index");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn/Index");
            o.Conventions.AllowAnonymousToPage("/Share/Index");
            o.Conventions.AllowAnonymousToPage("/NotFound/Index");
            foreach (var page in new[] { "/Account/SignIn/Index", "/Setup/Index" })
                o.Conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.SignIn)));
        }).AddMvcOptions(o => o.Filters.Add<FirstRunRedirect>())
            // No controllers here (Razor Pages and minimal APIs): without this MVC loads every type of the program at
            // start-up to look for them, and with those types the PostgreSQL libraries a SQLite server never uses.
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Remove(
                parts.FeatureProviders.OfType<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeatureProvider>().Single()));
        services.AddApiDocumentation();
        services.AddSingleton<Ingestion.PosthogDroppedEvents>();
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // used only for the public scripts (UsePipeline), which hold nothing secret
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
    }

    private static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/ingest") || path.StartsWithSegments("/dashboard")
        || path.StartsWithSegments("/sdk") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/admin/jobs")
        || (path.StartsWithSegments("/shared") && path.Value!.EndsWith("/snapshots", StringComparison.Ordinal))
        || Ingestion.PosthogJsEndpoints.IsPosthogPath(path);

    private static bool IsPublicScript(PathString path) =>
        path.StartsWithSegments("/sdk") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/static");

    private static void UsePipeline(WebApplication app)
    {
        app.UseMiddleware<ApiRequestAliases>();
        app.UseTrustedProxies();
        app.UseMiddleware<RequestProfiling>();
        app.UseMiddleware<ApiErrorResponses>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMetricsKey(app.Configuration);
        // A dashboard page that answers a bare 404 shows the not-found page; API and data endpoints keep their JSON.
        app.UseWhen(http => !IsMachinePath(http.Request.Path), branch => branch.UseStatusCodePagesWithReExecute("/not-found"));
        // The scripts sites embed (the SDK and rrweb's recorder) and the player's libraries are public and the same
        // for everyone: compressed on the way out (the platform's middleware; only here, as no secret is in them) and
        // cached for an hour, then revalidated by their ETag.
        app.UseWhen(http => IsPublicScript(http.Request.Path), branch => branch.UseResponseCompression());
        app.UseMiddleware<Ingestion.PosthogScripts>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(Program).Assembly, "wwwroot"),
            OnPrepareResponse = context =>
            {
                if (IsPublicScript(context.Context.Request.Path))
                    context.Context.Response.Headers.CacheControl = "public, max-age=3600";
            },
        });
        // Benchmark hook, off unless set: bench/api serves the snapshot API's answers as plain files from this
        // directory, through this same server, as the baseline of the snapshot fetch.
        if (app.Configuration["Benchmark:StaticDirectory"] is { Length: > 0 } benchStatic)
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(benchStatic), RequestPath = "/bench-static", ServeUnknownFileTypes = true });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthEndpoints();
        app.MapMetrics(app.Configuration);
        app.MapApi();
        app.MapApiDocumentation();
        app.MapIngestion(app.Configuration);
        app.MapPosthogJs();
        app.MapReplayData();
        app.MapRazorPages();
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions { Authorization = [], AppPath = "/environments", DashboardTitle = "Recordings jobs" })
            .RequireAuthorization();
    }
}
