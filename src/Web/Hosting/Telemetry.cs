using Modules.Environments;
using Modules.Recordings;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Web.Hosting;

/// <summary>
/// Metrics and traces through OpenTelemetry: the modules' meters, ASP.NET Core's (request duration by route) and the
/// runtime's. Scraped by Prometheus at <c>/metrics</c> when <c>Metrics:Enabled</c> is true (behind
/// <c>Metrics:ScrapeKey</c> as a bearer token when one is set); sent by OTLP, traces too, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither, nothing is registered and nothing is collected.
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", false);
    private static bool OtlpEnabled(IConfiguration configuration) => configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var prometheus = PrometheusEnabled(configuration);
        var otlp = OtlpEnabled(configuration);
        if (prometheus || otlp) AddOpenTelemetry(services, prometheus, otlp);
        return services;
    }

    // OpenTelemetry's types are named only in methods that run when telemetry is on: the JIT loads the assembly of
    // every type a method it compiles names, so a server without telemetry does not load OpenTelemetry's.
    private static void AddOpenTelemetry(IServiceCollection services, bool prometheus, bool otlp)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("recordings"))
            .WithMetrics(m =>
            {
                m.AddMeter(RecordingsModule.MeterName, EnvironmentsModule.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                // Our durations are in seconds; the SDK's default buckets are meant for milliseconds.
                m.AddView(i => i.Meter.Name.StartsWith("Recordings.", StringComparison.Ordinal) && i.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] }
                    : null);
                if (prometheus) m.AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
        if (otlp) telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => http.Request.Path != MetricsPath).AddOtlpExporter());
    }

    public static void UseMetricsKey(this IApplicationBuilder app, IConfiguration configuration)
    {
        if (!PrometheusEnabled(configuration) || configuration["Metrics:ScrapeKey"] is not { Length: > 0 } key) return;
        var expected = System.Text.Encoding.UTF8.GetBytes("Bearer " + key);
        app.UseWhen(http => http.Request.Path == MetricsPath, branch => branch.Use(async (http, next) =>
        {
            var given = System.Text.Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString());
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, expected)) { await next(http); return; }
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await http.Response.WriteAsJsonAsync(new { type = "authentication_error", code = "scrape_key", detail = "Send Metrics:ScrapeKey as a bearer token.", attr = (string?)null });
        }));
    }

    public static void MapMetrics(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (PrometheusEnabled(configuration)) MapPrometheus(app);
    }

    private static void MapPrometheus(IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint(MetricsPath);
}
