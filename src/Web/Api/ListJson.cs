using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Web.Api;

/// <summary>
/// Serialisation code generated at build time for the recording list, the API's busiest answer: its 100 recordings
/// took a tenth of a request's CPU time through the reflection-based serialiser. Names follow the API's snake_case
/// policy (the list holds no dictionaries).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Page<SessionRecordingDto>))]
internal sealed partial class ListJson : JsonSerializerContext
{
    /// <summary>
    /// Writes a page through the generated writer. The serialiser would only take that fast path with its default
    /// escaping, so the writer is given the API's own encoder here: the bytes are those <c>Results.Ok</c> wrote.
    /// </summary>
    public static IResult Result(Page<SessionRecordingDto> page) => new PageResult(page);

    private sealed class PageResult(Page<SessionRecordingDto> page) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var api = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            http.Response.ContentType = "application/json; charset=utf-8";
            await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter, new JsonWriterOptions { Encoder = api.Encoder }))
            {
                var write = Default.PageSessionRecordingDto.SerializeHandler;
                if (write is not null) write(writer, page);
                else JsonSerializer.Serialize(writer, page, api);
            }
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
    }
}
