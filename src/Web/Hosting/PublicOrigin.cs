namespace Web.Hosting;

/// <summary>
/// The scheme and host of links the server writes (the API's <c>next</c>/<c>previous</c>, a new share link): the
/// <c>PublicUrl</c> setting when set; else what a trusted proxy forwarded (<see cref="TrustedProxies"/>); else the
/// address and port the connection reached. Never the request's own Host header, which any client can set.
/// </summary>
internal static class PublicOrigin
{
    public static string Of(HttpContext http)
    {
        if (http.RequestServices.GetRequiredService<IConfiguration>()["PublicUrl"] is { Length: > 0 } configured)
            return configured.TrimEnd('/');
        if (http.CameThroughTrustedProxy()) return $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var local = http.Connection.LocalIpAddress;
        if (local is null) return $"{http.Request.Scheme}://localhost";
        if (local.IsIPv4MappedToIPv6) local = local.MapToIPv4();
        var host = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        return $"{http.Request.Scheme}://{host}:{http.Connection.LocalPort}{http.Request.PathBase}";
    }
}
