namespace PlayerBench;

/// <summary>
/// The baseline: a plain page on its own port that fetches the whole recording as one static JSON-lines file and
/// hands it to the same rrweb-player the dashboard serves.
/// </summary>
internal sealed class StaticSite(WebApplication app) : IAsyncDisposable
{
    public string Origin { get; private set; } = "";
    public string Url(string path) => Origin + path;

    public static async Task<StaticSite> StartAsync(Uri server, string jsonl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var origin = server.ToString().TrimEnd('/');
        app.MapGet("/events.jsonl", () => Results.Text(jsonl, "application/jsonl"));
        app.MapGet("/index.html", () => Results.Content($$"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{{origin}}/lib/rrweb-player/style.css"></head>
            <body><div id="player-root"><div id="stage"></div></div>
            <script src="{{origin}}/lib/rrweb-player/rrweb-player.js"></script>
            <script>
            fetch('/events.jsonl').then(r => r.text()).then(text => {
              const events = text.split('\n').filter(Boolean).map(l => JSON.parse(l)[1]);
              const Player = rrwebPlayer.default || rrwebPlayer;
              const player = new Player({ target: document.getElementById('stage'), props: { events, width: 1024, height: 576, autoPlay: false, skipInactive: true } });
              window.RecordingsPlayer = { player };
              const root = document.getElementById('player-root');
              root.setAttribute('data-ready', 'true');
              root.setAttribute('data-loaded', 'true');
            });
            </script></body></html>
            """, "text/html"));
        await app.StartAsync();
        return new StaticSite(app) { Origin = app.Urls.First() };
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
