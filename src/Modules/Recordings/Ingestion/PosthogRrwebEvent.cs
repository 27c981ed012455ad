using System.Text.Json;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Copies one rrweb event of posthog-js's <c>$snapshot_data</c> while the request is read: as the bytes it sent, or,
/// for an event it compressed (the <c>cv</c> marker: a full snapshot's <c>data</c>, a mutation's <c>texts</c>/
/// <c>attributes</c>/<c>removes</c>/<c>adds</c>, a style rule's <c>adds</c>/<c>removes</c> as gzip in a byte string),
/// as the plain rrweb event our player reads: the same bytes with those fields inflated in place and <c>cv</c> left out.
/// The reader passes over the event once; only the compressed fields are read again, to inflate them.
/// </summary>
internal sealed class PosthogRrwebEvent(CompressedRrwebField compressed, long cap)
{
    private enum Kind { Other, Cv, DataString, DataObject, DataOther }

    private readonly record struct Property(Kind Kind, int NameAt, int ValueAt, int ValueEnd);

    /// <summary>A string field of a compressed event's data object, inflated when the event's source says so.</summary>
    private readonly record struct Field(bool StyleToo, int ValueAt, int ValueEnd);

    private readonly List<Property> properties = [];
    private readonly List<Field> fields = [];

    /// <summary>The reader stands on the event's first token; it is left on its last.</summary>
    public void Copy(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, BodyBytes into)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            compressed.Write(into, json[start..(int)reader.BytesConsumed], cap);
            return;
        }
        properties.Clear();
        fields.Clear();
        var cv = false;
        int? source = null;
        var sourceIsNumber = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameAt = (int)reader.TokenStartIndex;
            var kind = reader.ValueTextEquals("cv"u8) ? Kind.Cv : reader.ValueTextEquals("data"u8) ? Kind.DataOther : Kind.Other;
            reader.Read();
            var valueAt = (int)reader.TokenStartIndex;
            if (kind == Kind.DataOther && reader.TokenType == JsonTokenType.String) kind = Kind.DataString;
            else if (kind == Kind.DataOther && reader.TokenType == JsonTokenType.StartObject)
            {
                kind = Kind.DataObject;
                ReadData(ref reader, ref source, ref sourceIsNumber);
            }
            else reader.Skip();
            cv |= kind == Kind.Cv;
            properties.Add(new Property(kind, nameAt, valueAt, (int)reader.BytesConsumed));
        }
        if (!cv)
        {
            compressed.Write(into, json[start..(int)reader.BytesConsumed], cap);
            return;
        }
        Inflated(json, into, source, sourceIsNumber);
    }

    /// <summary>Notes the data object's source and its string fields that may be compressed; the reader ends on its end.</summary>
    private void ReadData(ref Utf8JsonReader reader, ref int? source, ref bool sourceIsNumber)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("source"u8))
            {
                reader.Read();
                sourceIsNumber = reader.TokenType == JsonTokenType.Number;
                source = sourceIsNumber && reader.TryGetInt32(out var n) ? n : null;
                reader.Skip();
                continue;
            }
            var styleToo = reader.ValueTextEquals("adds"u8) || reader.ValueTextEquals("removes"u8);
            var mutation = styleToo || reader.ValueTextEquals("texts"u8) || reader.ValueTextEquals("attributes"u8);
            reader.Read();
            if (mutation && reader.TokenType == JsonTokenType.String)
                fields.Add(new Field(styleToo, (int)reader.TokenStartIndex, (int)reader.BytesConsumed));
            else reader.Skip();
        }
    }

    private void Inflated(ReadOnlySpan<byte> json, BodyBytes into, int? source, bool sourceIsNumber)
    {
        compressed.Write(into, "{"u8, cap);
        var first = true;
        foreach (var p in properties)
        {
            if (p.Kind == Kind.Cv) continue;
            if (!first) compressed.Write(into, ","u8, cap);
            first = false;
            compressed.Write(into, json[p.NameAt..p.ValueAt], cap);
            switch (p.Kind)
            {
                case Kind.DataString:
                    compressed.InflateInto(json[p.ValueAt..p.ValueEnd], into, cap);
                    break;
                case Kind.DataObject:
                    if (!sourceIsNumber) throw IngestionRejected.Invalid("The events are not shaped as posthog-js sends them: data.source must be a number.");
                    var at = p.ValueAt;
                    foreach (var f in fields)
                    {
                        if (f.ValueAt < p.ValueAt || f.ValueEnd > p.ValueEnd || (source != 0 && !(source == 8 && f.StyleToo))) continue;
                        compressed.Write(into, json[at..f.ValueAt], cap);
                        compressed.InflateInto(json[f.ValueAt..f.ValueEnd], into, cap);
                        at = f.ValueEnd;
                    }
                    compressed.Write(into, json[at..p.ValueEnd], cap);
                    break;
                case Kind.DataOther:
                    throw IngestionRejected.Invalid("A compressed event's data must be a string or an object.");
                default:
                    compressed.Write(into, json[p.ValueAt..p.ValueEnd], cap);
                    break;
            }
        }
        compressed.Write(into, "}"u8, cap);
    }
}
