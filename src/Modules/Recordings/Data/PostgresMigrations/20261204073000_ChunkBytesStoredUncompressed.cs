using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Modules.Recordings.Data.PostgresMigrations;

/// <summary>
/// A hot chunk's bytes are gzip already, so PostgreSQL's TOAST compression (pglz, tried on every value over 2 KB) gains
/// nothing on them and cost the ingestion writer its largest share of PostgreSQL's time: inserting 6,000 corpus chunks
/// (68 MB) took 2.5–2.7 s with it and 0.8–1.1 s with <c>STORAGE EXTERNAL</c> (out of line, uncompressed), same table
/// size (2026-12-04, docs/benchmarks.md). EF Core's model has no column storage, so the model snapshot is unchanged.
/// </summary>
[DbContext(typeof(RecordingsDbContext))]
[Migration("20261204073000_ChunkBytesStoredUncompressed")]
internal sealed class ChunkBytesStoredUncompressed : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE snapshot_chunks ALTER COLUMN "GzipData" SET STORAGE EXTERNAL;""");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE snapshot_chunks ALTER COLUMN "GzipData" SET STORAGE EXTENDED;""");
}
