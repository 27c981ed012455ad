using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recordings.Tests.Capture;

/// <summary>
/// A customer's site on its own port (so a different origin than the server): serves the pages a test sets, and
/// jQuery from the npm package the build restored.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> pages = new();
    private readonly WebApplication app;

    private TestSite(WebApplication app) => this.app = app;

    public string Origin { get; private set; } = "";

    public static async Task<TestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders(); // a stand-in site: its start-up lines would only bury a failure in the log
        var app = builder.Build();
        var site = new TestSite(app);
        app.MapGet("/jquery.js", () => Results.File(JQueryPath(), "text/javascript"));
        app.MapGet("/{**path}", (string? path) => site.pages.TryGetValue("/" + path, out var html)
            ? Results.Content(html, "text/html; charset=utf-8")
            : Results.NotFound());
        await app.StartAsync();
        site.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return site;
    }

    /// <summary>Serves the HTML at the path from now on; returns its address.</summary>
    public string Serve(string path, string html)
    {
        pages["/" + path.TrimStart('/')] = html;
        return Url(path);
    }

    /// <summary>Serves a page: jQuery, then the page's head script (the seed's "before the snippet"), then the snippet.</summary>
    public string Page(string path, Uri server, string token, string body, string headScript = "", string endScript = "") =>
        Serve(path, $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Test page {{path}}</title>
            <script src="/jquery.js"></script>
            <script>
            window.onRecordingsAPIReady = function() { window.sdkReady = true; };
            {{headScript}}
            </script>
            <script src="{{server.ToString().TrimEnd('/')}}/sdk/recorder.js" data-token="{{token}}" async></script>
            </head><body>
            {{body}}
            <script>{{endScript}}</script>
            </body></html>
            """);

    public string Url(string path) => Origin + "/" + path.TrimStart('/');

    private static string JQueryPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Web", "node_modules", "jquery", "dist", "jquery.min.js");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("jQuery is restored from npm by the Web project's build (src/Web/node_modules).");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
