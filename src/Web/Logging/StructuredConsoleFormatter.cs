using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Web.Logging;

/// <summary>
/// One JSON object per line (<c>Logging:Console:FormatterName=structured</c>): time, level, category, event id,
/// message, the message's named values, the exception, and from the scopes only the request's fields
/// (<see cref="RequestLogScope"/>). ASP.NET Core's own request scope, which carries the raw path, is left out.
/// </summary>
internal sealed class StructuredConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "structured";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TextWriter textWriter)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (message is null && entry.Exception is null) return;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            json.WriteNumber("event_id", entry.EventId.Id);
            json.WriteString("message", message);
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values)
                    if (key != "{OriginalFormat}") WriteField(json, key, value);
            scopes?.ForEachScope((scope, w) =>
            {
                if (scope is RequestLogScope request)
                    foreach (var (key, value) in request) WriteField(w, key, value);
            }, json);
            if (entry.Exception is { } e) json.WriteString("exception", e.ToString());
            json.WriteEndObject();
        }
        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteField(Utf8JsonWriter json, string key, object? value)
    {
        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(key);
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case int or long or double: json.WriteNumber(name, Convert.ToDouble(value)); break;
            case bool b: json.WriteBoolean(name, b); break;
            default: json.WriteString(name, value.ToString()); break;
        }
    }
}
