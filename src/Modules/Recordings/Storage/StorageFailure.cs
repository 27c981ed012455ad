using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Modules.Recordings.Storage;

/// <summary>
/// Recognises a failure of the storage itself (disk full, I/O error, database locked too long) as opposed to bad input:
/// ingestion answers it with 503 + Retry-After, since the batch was not stored and the client should send it again.
/// </summary>
internal static class StorageFailure
{
    public const int RetryAfterSeconds = 10;

    public static bool Is(Exception e) => e switch
    {
        DbException or IOException => true,
        DbUpdateException { InnerException: { } inner } => Is(inner),
        AggregateException { InnerException: { } inner } => Is(inner),
        _ => false,
    };
}
