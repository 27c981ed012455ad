using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Web.Logging;
using Web.Profiling;

namespace Web.Hosting;

/// <summary>
/// Our stand-in for MiniProfiler (not obtainable here): every request is profiled (its total and the timeline of
/// its database commands across all modules, see <see cref="Profiles"/>). A signed-in admin's responses carry a
/// <c>Server-Timing</c> header with the total and the commands' count and time, which browser developer tools show;
/// nobody else learns how many database commands a request ran. The same figures are tagged on the request's
/// <see cref="Activity"/>, so OpenTelemetry or dotnet-trace sees them too.
/// </summary>
internal sealed class RequestProfiling(RequestDelegate next, Profiles profiles, ILogger<RequestProfiling> log)
{
    /// <summary>Where a page finds its own profile (for the footer's link).</summary>
    public const string ItemKey = "recordings.profile";

    public async Task InvokeAsync(HttpContext context)
    {
        var profile = profiles.Begin("request", context.Request.Method);
        context.Items[ItemKey] = profile;
        context.Response.OnStarting(() =>
        {
            var dbMs = profile.DatabaseTime.TotalMilliseconds;
            if (IsAdmin(context))
                context.Response.Headers["Server-Timing"] =
                    $"app;dur={profile.Elapsed.TotalMilliseconds:0.0}, db;dur={dbMs:0.0};desc=\"{profile.CommandCount} database commands\"";
            Activity.Current?.SetTag("db.commands", profile.CommandCount).SetTag("db.duration_ms", dbMs);
            return Task.CompletedTask;
        });
        using var scope = log.BeginScope(new RequestLogScope(context));
        try
        {
            await next(context);
        }
        finally
        {
            // The route pattern, never the path's values (a share token) or the query (input values).
            profile.Name = $"{context.Request.Method} {RequestLogScope.Route(context)}";
            profiles.End(profile, context.Response.StatusCode.ToString(), IsAdmin(context));
            if (log.IsEnabled(LogLevel.Debug))
                log.LogDebug("{Method} {Route} answered {Status} in {ElapsedMs:0.0} ms", context.Request.Method, RequestLogScope.Route(context),
                    context.Response.StatusCode, profile.Duration.TotalMilliseconds);
        }
    }

    /// <summary>Signed in to the dashboard with the admin cookie, and not calling with an API key.</summary>
    private static bool IsAdmin(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
        && !context.Request.Headers.ContainsKey("Authorization");

    /// <summary>Adds each EF Core command to the profile it runs for (none outside a request or a job run).</summary>
    internal sealed class CommandTimer : DbCommandInterceptor
    {
        public static CommandTimer Instance { get; } = new();

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
            Record(command, eventData, result);
        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default) =>
            ValueTask.FromResult(Record(command, eventData, result));
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Record(command, eventData, result);
        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default) =>
            ValueTask.FromResult(Record(command, eventData, result));
        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Record(command, eventData, result);
        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken ct = default) =>
            ValueTask.FromResult(Record(command, eventData, result));

        private static T Record<T>(DbCommand command, CommandExecutedEventData data, T result)
        {
            Profiles.Current?.Add(ModuleOf(data.Context), command.CommandText, data.Duration);
            return result;
        }

        private static string ModuleOf(Microsoft.EntityFrameworkCore.DbContext? context) =>
            context?.GetType().Name.Replace("DbContext", "", StringComparison.Ordinal).ToLowerInvariant() ?? "";
    }
}
