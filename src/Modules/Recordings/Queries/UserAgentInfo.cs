using System.Text.RegularExpressions;

namespace Modules.Recordings.Queries;

/// <summary>Browser, version, OS and device type read from a User-Agent string: enough for a filter, not a full parser.</summary>
internal sealed partial record UserAgentInfo(string? Browser, string? Version, string? Os, string? DeviceType)
{
    public static UserAgentInfo Parse(string? ua)
    {
        if (string.IsNullOrWhiteSpace(ua)) return new(null, null, null, null);
        (string Name, Regex Pattern)[] browsers =
        [
            ("Edge", Edge()), ("Opera", Opera()), ("Samsung Internet", Samsung()), ("Firefox", Firefox()),
            ("Chrome", Chrome()), ("Safari", Safari()),
        ];
        string? browser = null, version = null;
        foreach (var (name, pattern) in browsers)
        {
            var m = pattern.Match(ua);
            if (!m.Success) continue;
            (browser, version) = (name, m.Groups[1].Value);
            break;
        }
        var os = ua switch
        {
            _ when ua.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when ua.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when ua.Contains("CrOS", StringComparison.Ordinal) => "Chrome OS",
            _ when ua.Contains("Mac OS X", StringComparison.Ordinal) => "Mac OS X",
            _ when ua.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        var device = ua.Contains("iPad", StringComparison.Ordinal) || ua.Contains("Tablet", StringComparison.Ordinal) ? "Tablet"
            : ua.Contains("Mobi", StringComparison.Ordinal) || ua.Contains("iPhone", StringComparison.Ordinal) ? "Mobile"
            : "Desktop";
        return new(browser, version, os, device);
    }

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/([\d.]+)")] private static partial Regex Edge();
    [GeneratedRegex(@"(?:OPR|Opera)/([\d.]+)")] private static partial Regex Opera();
    [GeneratedRegex(@"SamsungBrowser/([\d.]+)")] private static partial Regex Samsung();
    [GeneratedRegex(@"(?:Firefox|FxiOS)/([\d.]+)")] private static partial Regex Firefox();
    [GeneratedRegex(@"(?:HeadlessChrome|Chrome|CriOS|Chromium)/([\d.]+)")] private static partial Regex Chrome();
    [GeneratedRegex(@"Version/([\d.]+).*Safari/")] private static partial Regex Safari();
}
