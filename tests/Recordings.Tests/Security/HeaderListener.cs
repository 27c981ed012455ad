using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recordings.Tests.Security;

/// <summary>
/// A second, unrelated HTTP server on its own port (another origin): answers every GET with a 1×1 PNG and keeps the
/// path and headers of each request, so a test sees exactly what a browser sent to a recorded site's servers.
/// </summary>
public sealed class HeaderListener : IAsyncDisposable
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, IReadOnlyDictionary<string, string> Headers)> requests = new();

    private HeaderListener(WebApplication app) => this.app = app;

    public string Origin { get; private set; } = "";

    public IReadOnlyList<(string Path, IReadOnlyDictionary<string, string> Headers)> Requests => [.. requests];

    public static async Task<HeaderListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new HeaderListener(app);
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            listener.requests.Enqueue((http.Request.Path.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Png, "image/png");
        });
        await app.StartAsync();
        listener.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return listener;
    }

    public void Clear() => requests.Clear();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
