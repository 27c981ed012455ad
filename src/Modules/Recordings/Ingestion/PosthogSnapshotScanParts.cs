using System.Text.Json;

namespace Modules.Recordings.Ingestion;

internal sealed partial class PosthogSnapshotScan
{
    private enum TextKind { Missing, Null, String, NotString, BadText }

    /// <summary>A string field as read, judged only when it is used (a refusal then names it).</summary>
    private readonly record struct Text(TextKind Kind, string? String)
    {
        public static Text Read(ref Utf8JsonReader reader, bool alreadyRead = false)
        {
            if (!alreadyRead) reader.Read();
            if (reader.TokenType == JsonTokenType.Null) return new Text(TextKind.Null, null);
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return new Text(TextKind.NotString, null);
            }
            try
            {
                return new Text(TextKind.String, reader.GetString());
            }
            catch (InvalidOperationException)
            {
                return new Text(TextKind.BadText, null);
            }
        }

        /// <summary>The text; null when absent or null; a refusal for another kind of value or an unpaired surrogate.</summary>
        public string? Value(string name) => Kind switch
        {
            TextKind.String => String,
            TextKind.NotString => throw Invalid($"{name} must be a string."),
            TextKind.BadText => throw Invalid($"{name} holds an unpaired UTF-16 surrogate."),
            _ => null,
        };
    }

    /// <summary>What one event of the request said, kept until its end (its keys come in any order).</summary>
    private sealed class EventState
    {
        public int Index;
        public int ScratchFrom;
        public int CopiedFrom;
        public Text Event, ApiKey, Token, Session, Window;
        public bool PropertiesIsObject;
        public JsonTokenType? Data;
        public IngestionRejected? DataError;

        public void Reset(int index, int scratchFrom, int copiedFrom)
        {
            Index = index;
            ScratchFrom = scratchFrom;
            CopiedFrom = copiedFrom;
            Event = ApiKey = default;
            ClearProperties();
        }

        public void ClearProperties()
        {
            Token = Session = Window = default;
            PropertiesIsObject = false;
            Data = null;
            DataError = null;
        }
    }
}
