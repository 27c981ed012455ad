using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ColdStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cold_segments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecordingId = table.Column<long>(type: "INTEGER", nullable: false),
                    BlobKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RelativePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    StartTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    EndTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ByteLength = table.Column<long>(type: "INTEGER", nullable: false),
                    RawByteLength = table.Column<long>(type: "INTEGER", nullable: false),
                    ChunkCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cold_segments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cold_segments_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "storage_job_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CountsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_storage_job_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cold_chunks",
                columns: table => new
                {
                    SegmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    ChunkId = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    Length = table.Column<int>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RawByteLength = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cold_chunks", x => new { x.SegmentId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_cold_chunks_cold_segments_SegmentId",
                        column: x => x.SegmentId,
                        principalTable: "cold_segments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cold_chunks_ChunkId",
                table: "cold_chunks",
                column: "ChunkId");

            migrationBuilder.CreateIndex(
                name: "IX_cold_segments_BlobKey",
                table: "cold_segments",
                column: "BlobKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cold_segments_RecordingId_StartTimestampMs",
                table: "cold_segments",
                columns: new[] { "RecordingId", "StartTimestampMs" });

            migrationBuilder.CreateIndex(
                name: "IX_storage_job_runs_JobId_StartedAtMs",
                table: "storage_job_runs",
                columns: new[] { "JobId", "StartedAtMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cold_chunks");

            migrationBuilder.DropTable(
                name: "storage_job_runs");

            migrationBuilder.DropTable(
                name: "cold_segments");
        }
    }
}
