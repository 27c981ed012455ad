using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Recordings.Tests.Support;

/// <summary>
/// A signed-in (or not yet) admin using the dashboard's HTML forms: reads pages with AngleSharp and submits their
/// forms the way a browser would, antiforgery token included.
/// </summary>
/// <param name="email">The admin to be: the first one is made on the set-up page, later ones must exist already.</param>
public sealed class Dashboard(HttpClient client, string email = Dashboard.Email, string password = Dashboard.Password) : IDisposable
{
    public const string Email = "admin@example.com";
    public const string Password = "correct horse battery";

    public Dashboard(RecordingsApp app, string email = Email, string password = Password) : this(app.NewClient(), email, password) { }

    public HttpClient Client => client;

    public async Task<(HttpResponseMessage Response, IDocument Page)> GetAsync(string path)
    {
        var response = await client.GetAsync(path);
        return (response, await ParseAsync(response));
    }

    /// <summary>Fills the form that contains <paramref name="submitSelector"/> and submits it with that button.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Page)> SubmitAsync(
        IDocument page, string submitSelector, IReadOnlyDictionary<string, string?>? fields = null, IEnumerable<string>? check = null, IEnumerable<string>? uncheck = null)
    {
        var button = page.QuerySelector(submitSelector) ?? throw new InvalidOperationException($"No {submitSelector} on {page.Url}");
        var form = button.Closest("form") as IHtmlFormElement ?? throw new InvalidOperationException("The button is in no form.");
        foreach (var (name, value) in fields ?? new Dictionary<string, string?>())
        {
            var element = form.Elements.FirstOrDefault(e => e.GetAttribute("name") == name) ?? throw new InvalidOperationException($"No field {name}");
            switch (element)
            {
                case IHtmlInputElement input: input.Value = value ?? ""; break;
                case IHtmlTextAreaElement area: area.Value = value ?? ""; break;
                default: throw new InvalidOperationException($"Cannot fill {name}");
            }
        }
        foreach (var id in check ?? []) ((IHtmlInputElement)form.QuerySelector($"#{id}")!).IsChecked = true;
        foreach (var id in uncheck ?? []) ((IHtmlInputElement)form.QuerySelector($"#{id}")!).IsChecked = false;

        var data = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !box.IsChecked: break;
                case IHtmlInputElement input: data.Add(new(name, input.Value)); break;
                case IHtmlTextAreaElement area: data.Add(new(name, area.Value)); break;
            }
        }
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : new Uri(page.Url).PathAndQuery;
        var response = await client.PostAsync(action, new FormUrlEncodedContent(data));
        return (response, await ParseAsync(response));
    }

    /// <summary>Set-up (when no admin exists) or sign-in, through the forms.</summary>
    public async Task SignInAsync()
    {
        var (_, page) = await FollowAsync("/environments");
        var path = new Uri(page.Url).AbsolutePath;
        var (response, _) = path == "/setup"
            ? await SubmitAsync(page, "button[type=submit]", new Dictionary<string, string?> { ["email"] = email, ["password"] = password, ["confirm"] = password })
            : await SubmitAsync(page, "main button[type=submit]", new Dictionary<string, string?> { ["email"] = email, ["password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in failed: {response.StatusCode} {(await response.Content.ReadAsStringAsync())}");
    }

    /// <summary>GET that follows redirects, as a browser does.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Page)> FollowAsync(string path)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)) return (response, await ParseAsync(response));
            path = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString;
        }
        throw new InvalidOperationException("Too many redirects.");
    }

    private async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var url = response.RequestMessage!.RequestUri!.ToString();
        return await context.OpenAsync(r => r.Content(html).Address(url));
    }

    public void Dispose() => client.Dispose();
}
