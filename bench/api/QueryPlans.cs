using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ApiBench;

/// <summary>
/// Reads auto_explain's JSON plans from PostgreSQL's log and sums each statement up in a line: its time and how it
/// reached each table (which index, how many rows, how many loops), with any sequential scan of a large table marked.
/// </summary>
internal static partial class QueryPlans
{
    [GeneratedRegex(@"^\S+ \S+ \S+ \[\d+\] LOG:  duration: ([\d.]+) ms  plan:$", RegexOptions.Multiline)]
    private static partial Regex Entry();

    public sealed record Statement(string Text, double Ms, List<string> Access, bool ScansLargeTable);

    public static List<Statement> Read(string log)
    {
        var statements = new List<Statement>();
        var entries = Entry().Matches(log);
        foreach (Match m in entries)
        {
            var json = Encoding.UTF8.GetBytes(log[(m.Index + m.Length)..]);
            var reader = new Utf8JsonReader(json);
            using var plan = JsonDocument.ParseValue(ref reader);
            var access = new List<string>();
            var scans = false;
            Walk(plan.RootElement.GetProperty("Plan"), access, ref scans);
            var text = Regex.Replace(plan.RootElement.GetProperty("Query Text").GetString()!, @"\s+", " ").Trim();
            statements.Add(new Statement(text, double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), access, scans));
        }
        return statements;
    }

    private static void Walk(JsonElement node, List<string> access, ref bool scansLargeTable)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        var rows = node.TryGetProperty("Actual Rows", out var r) ? r.GetDouble() : 0;
        var loops = node.TryGetProperty("Actual Loops", out var l) ? l.GetDouble() : 1;
        var index = node.TryGetProperty("Index Name", out var i) ? $" using {i.GetString()}" : "";
        var direction = node.TryGetProperty("Scan Direction", out var d) && d.GetString() == "Backward" ? " Backward" : "";
        if (node.TryGetProperty("Relation Name", out var relation) || type == "Bitmap Index Scan")
        {
            var on = relation.ValueKind == JsonValueKind.String ? $" on {relation.GetString()}" : "";
            access.Add($"{type}{direction}{index}{on} ({rows:0} rows × {loops:0} loops)");
            if (type == "Seq Scan" && rows * loops > 10_000) scansLargeTable = true;
        }
        else if (type is "Sort" or "Incremental Sort")
        {
            var method = node.TryGetProperty("Sort Method", out var s) ? s.GetString() : "";
            access.Add($"{type} ({method}, {rows:0} rows)");
        }
        if (!node.TryGetProperty("Plans", out var children)) return;
        foreach (var child in children.EnumerateArray()) Walk(child, access, ref scansLargeTable);
    }

    /// <summary>One line per distinct statement that reads the recordings (the API key's and environment's look-ups and
    /// the pool's resets left out; a case's two requests send the same SQL: their times side by side).</summary>
    public static IEnumerable<string> Summarize(string log) =>
        Read(log).Where(s => s.Access.Any(a => a.Contains(" on recording", StringComparison.Ordinal))).GroupBy(s => s.Text).Select(g =>
        {
            var first = g.First();
            var times = string.Join(" / ", g.Select(s => s.Ms.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
            var text = first.Text.Length > 60 ? first.Text[..60] + "…" : first.Text;
            return $"{(first.ScansLargeTable ? "SEQ SCAN " : "")}{times} ms  {text}\n        {string.Join("; ", first.Access)}";
        });
}
