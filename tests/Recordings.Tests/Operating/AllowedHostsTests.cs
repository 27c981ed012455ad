using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Operating;

/// <summary>
/// <c>AllowedHosts</c> limits the Host names a server answers to. Guards the slim builder the server is built with
/// (README, "Memory"), which must keep ASP.NET Core's host filtering.
/// </summary>
public sealed class AllowedHostsTests
{
    [Fact]
    public async Task A_server_limited_to_its_allowed_hosts_refuses_any_other_host_name()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "recordings.example;127.0.0.1" });
        using var http = app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "recordings.example" } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(allowed)).StatusCode);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "attacker.example" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Without_allowed_hosts_set_every_host_name_is_answered()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "any.example" } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }
}
