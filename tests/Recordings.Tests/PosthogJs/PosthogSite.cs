using Recordings.Tests.Capture;

namespace Recordings.Tests.PosthogJs;

/// <summary>
/// A customer's site on its own origin (a <see cref="TestSite"/>) running the real posthog-js from npm, loaded from our
/// server (<c>/static/array.js</c>, the bundle the build copies from the package) and pointed at it with <c>api_host</c>.
/// </summary>
public sealed class PosthogSite : IAsyncDisposable
{
    private readonly TestSite site;

    private PosthogSite(TestSite site) => this.site = site;

    public static async Task<PosthogSite> StartAsync() => new(await TestSite.StartAsync());

    /// <summary>A page with posthog-js initialised as the README says; <paramref name="options"/> adds to the init options.</summary>
    public string Page(string path, Uri server, string token, string body, string options = "")
    {
        var host = server.ToString().TrimEnd('/');
        return site.Serve(path, $$"""
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
            """);
    }

    public ValueTask DisposeAsync() => site.DisposeAsync();
}
