using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Modules.Recordings.Errors;

/// <summary>
/// Groups errors that are the same bug: the message with URLs, UUIDs, long hex or numeric ids, numbers and quoted
/// values abstracted, plus the top stack frame (the first "at …" line of a stack, else the script file and line).
/// </summary>
internal static partial class ErrorFingerprint
{
    public static string NormaliseMessage(string message)
    {
        var m = Url().Replace(message, "<url>");
        m = Uuid().Replace(m, "<id>");
        m = HexId().Replace(m, "<id>");
        m = Quoted().Replace(m, "<str>");
        m = Number().Replace(m, "<n>");
        m = Spaces().Replace(m, " ").Trim();
        return m.Length > 300 ? m[..300] : m;
    }

    /// <summary>The frame the error was thrown in, without the query string or column, or null when nothing says.</summary>
    public static string? TopFrame(string? scriptUrl, string? propertiesJson)
    {
        string? stack = null;
        int? line = null;
        if (propertiesJson is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(propertiesJson);
                var p = doc.RootElement;
                if (p.TryGetProperty("stack", out var s) && s.ValueKind == JsonValueKind.String) stack = s.GetString();
                if (p.TryGetProperty("line", out var l) && l.TryGetInt32(out var n)) line = n;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Properties were validated on the way in (JSON, depth, text); a surprise here only costs the frame.
            }
        }
        var frame = stack?.Split('\n').Select(x => x.Trim()).FirstOrDefault(x => x.StartsWith("at ", StringComparison.Ordinal));
        if (frame is not null) return Query().Replace(frame, "").Trim();
        if (string.IsNullOrEmpty(scriptUrl)) return null;
        var file = Query().Replace(scriptUrl, "");
        return line is null ? file : $"{file}:{line}";
    }

    public static string Of(string kind, string normalisedMessage, string? topFrame) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{normalisedMessage}\n{topFrame}")))[..16];

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^\s""'<>)]+", RegexOptions.IgnoreCase)] private static partial Regex Url();
    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", RegexOptions.IgnoreCase)] private static partial Regex Uuid();
    [GeneratedRegex(@"\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b", RegexOptions.IgnoreCase)] private static partial Regex HexId();
    [GeneratedRegex(@"""[^""]{1,200}""|'[^']{1,200}'")] private static partial Regex Quoted();
    [GeneratedRegex(@"\d+(\.\d+)?")] private static partial Regex Number();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@"[?#][^\s:)]*")] private static partial Regex Query();
}
