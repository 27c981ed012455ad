using System.Text.Json;

namespace Modules.Recordings.Queries;

/// <summary>Reads the viewport from an rrweb meta event line (type 4, which carries the page's width and height).</summary>
internal static class ViewportReader
{
    public static (int Width, int Height)? FromLine(string line)
    {
        // Only meta lines are parsed; a full snapshot can be megabytes and never holds the size.
        if (!line.Contains("\"type\":4", StringComparison.Ordinal)) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() == 2 ? doc.RootElement[1] : doc.RootElement;
            if (e.TryGetProperty("type", out var t) && t.TryGetInt32(out var type) && type == 4
                && e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("width", out var w) && w.TryGetInt32(out var width)
                && d.TryGetProperty("height", out var h) && h.TryGetInt32(out var height))
                return (width, height);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // A line that is not JSON cannot hold the size; look further.
        }
        return null;
    }
}
