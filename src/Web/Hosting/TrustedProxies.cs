using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Web.Hosting;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting only the proxies in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges); nothing is trusted by default, not even
/// loopback. From a trusted proxy, X-Forwarded-For becomes the client address (sign-in throttling, the SDK's rate
/// limits), X-Forwarded-Proto the scheme (so cookies are marked Secure behind a TLS proxy) and X-Forwarded-Host the
/// host of the links the API answers; from anyone else they are ignored.
/// </summary>
internal static class TrustedProxies
{
    private const string ViaTrustedProxy = "recordings.via-trusted-proxy";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = Values(section, "KnownProxies").Select(p => IPAddress.TryParse(p.Trim(), out var a) ? a
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = Values(section, "KnownNetworks").Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var net) ? net
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a network like 10.0.0.0/8.")).ToList();
        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
    }

    /// <summary>Notes whether the connection comes from a trusted proxy, then lets the middleware apply its headers.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        // With no known proxy and no known network the middleware trusts every sender, so then it is not used at all.
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0) return app;
        app.Use((http, next) =>
        {
            if (http.Connection.RemoteIpAddress is { } remote && IsTrusted(options, remote)) http.Items[ViaTrustedProxy] = true;
            return next(http);
        });
        return app.UseForwardedHeaders();
    }

    public static bool CameThroughTrustedProxy(this HttpContext http) => http.Items.ContainsKey(ViaTrustedProxy);

    private static bool IsTrusted(ForwardedHeadersOptions options, IPAddress remote)
    {
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return options.KnownProxies.Any(p => p.Equals(remote) || (p.IsIPv4MappedToIPv6 && p.MapToIPv4().Equals(remote)))
               || options.KnownIPNetworks.Any(n => n.Contains(remote));
    }

    // Either a list (KnownProxies:0, KnownProxies:1 …) or one comma-separated value (easier in an environment variable).
    private static IEnumerable<string> Values(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var values = child.Value is { Length: > 0 } one ? one.Split(',') : child.GetChildren().Select(c => c.Value ?? "");
        return values.Where(v => v.Trim().Length > 0);
    }
}
