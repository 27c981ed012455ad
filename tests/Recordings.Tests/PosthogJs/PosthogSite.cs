using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recordings.Tests.PosthogJs;

/// <summary>
/// A customer's site on its own origin running the real posthog-js from npm, loaded from our server
/// (<c>/static/array.js</c>, the bundle the build copies from the package) and pointed at it with <c>api_host</c>.
/// </summary>
public sealed class PosthogSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> pages = new();
    private readonly WebApplication app;

    private PosthogSite(WebApplication app) => this.app = app;

    public string Origin { get; private set; } = "";

    public static async Task<PosthogSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var site = new PosthogSite(app);
        app.MapGet("/{**path}", (string? path) => site.pages.TryGetValue("/" + path, out var html)
            ? Results.Content(html, "text/html; charset=utf-8")
            : Results.NotFound());
        await app.StartAsync();
        site.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return site;
    }

    /// <summary>A page with posthog-js initialised as the README says; <paramref name="options"/> adds to the init options.</summary>
    public string Page(string path, Uri server, string token, string body, string options = "")
    {
        var host = server.ToString().TrimEnd('/');
        pages["/" + path.TrimStart('/')] = $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>posthog-js page {{path}}</title>
            <script src="{{host}}/static/array.js"></script>
            <script>
            posthog.init('{{token}}', { api_host: '{{host}}', person_profiles: 'always', {{options}}
              loaded: function () { window.phLoaded = true; } });
            </script>
            </head><body>
            {{body}}
            </body></html>
            """;
        return Origin + "/" + path.TrimStart('/');
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
