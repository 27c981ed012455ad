using System.Text.Json;
using Hangfire;
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

namespace Web.Hosting;

/// <summary>Builds the server: configuration, the modules, the dashboard, the API and background jobs.</summary>
internal static class RecordingsServer
{
    public static WebApplication Build(string[] args, bool withServer = true)
    {
        // Settings are read once at start. Reloading on change would watch the content root (the working directory)
        // recursively, and with it the default data directory: every database write woke the watcher thread.
        var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        AddSettingsBesideProgram(builder.Configuration);
        AddServices(builder.Services, builder.Configuration, withServer);
        var app = builder.Build();
        UsePipeline(app);
        if (withServer) app.Services.UseRecordingsJobs();
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
        services.AddSingleton(databases);
        services.AddEnvironmentsModule(databases.For("environments.db"));
        services.AddRecordingsModule(databases.For("recordings.db"), configuration.GetSection("Ingestion"));
        services.AddRecordingsStorage(Path.Combine(databases.DataDirectory, "cold"), configuration.GetSection("Storage"));
        services.AddSharingModule(databases.For("sharing.db"));
        services.AddSingleton<ModuleInitialiser>();
        services.AddHostedService(sp => sp.GetRequiredService<ModuleInitialiser>());

        services.AddHangfire(c => c.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings().UseInMemoryStorage());
        if (withServer)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
            services.AddHostedService<WalCheckpoints>();
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
        });
        services.AddAuthorization();
        services.AddSignInThrottle();
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddSingleton<FirstRunState>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Setup/Index");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn/Index");
            o.Conventions.AllowAnonymousToPage("/Demo/Index");
            o.Conventions.AllowAnonymousToPage("/Share/Index");
            o.Conventions.AllowAnonymousToPage("/NotFound/Index");
            foreach (var page in new[] { "/Account/SignIn/Index", "/Setup/Index" })
                o.Conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInThrottle.Policy)));
        }).AddMvcOptions(o => o.Filters.Add<FirstRunRedirect>());
        services.AddApiDocumentation();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
    }

    private static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/ingest") || path.StartsWithSegments("/dashboard")
        || path.StartsWithSegments("/sdk") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/admin/jobs")
        || (path.StartsWithSegments("/shared") && path.Value!.EndsWith("/snapshots", StringComparison.Ordinal));

    private static void UsePipeline(WebApplication app)
    {
        app.UseMiddleware<RequestProfiling>();
        app.UseMiddleware<ApiErrorResponses>();
        app.UseMiddleware<SecurityHeaders>();
        // A dashboard page that answers a bare 404 shows the not-found page; API and data endpoints keep their JSON.
        app.UseWhen(http => !IsMachinePath(http.Request.Path), branch => branch.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new ManifestEmbeddedFileProvider(typeof(Program).Assembly, "wwwroot") });
        // Benchmark hook, off unless set: bench/api serves the snapshot API's answers as plain files from this
        // directory, through this same server, as the baseline of the snapshot fetch.
        if (app.Configuration["Benchmark:StaticDirectory"] is { Length: > 0 } benchStatic)
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(benchStatic), RequestPath = "/bench-static", ServeUnknownFileTypes = true });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapGet("/healthz", HealthCheck.Handle);
        app.MapProjectsApi();
        app.MapSessionEventsApi();
        app.MapSessionRecordingInsightsApi();
        app.MapSessionRecordingsApi();
        app.MapSessionRecordingWritesApi();
        app.MapSessionRecordingSnapshotsApi();
        app.MapSessionRecordingSharingApi();
        app.MapApiDocumentation();
        app.MapIngestion(app.Configuration);
        app.MapReplayData();
        app.MapRazorPages();
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions { Authorization = [], AppPath = "/", DashboardTitle = "Recordings jobs" })
            .RequireAuthorization();
    }
}
