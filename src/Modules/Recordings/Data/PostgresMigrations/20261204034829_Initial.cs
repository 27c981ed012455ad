using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Modules.Recordings.Data.PostgresMigrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnvironmentId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ingested_batches",
                columns: table => new
                {
                    EnvironmentId = table.Column<int>(type: "integer", nullable: false),
                    SessionId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    WindowId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingested_batches", x => new { x.EnvironmentId, x.SessionId, x.WindowId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "recordings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnvironmentId = table.Column<int>(type: "integer", nullable: false),
                    SessionId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    DistinctId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PersonPropertiesJson = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: true),
                    TrackingMode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PlaybackStartedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    StartTimeMs = table.Column<long>(type: "bigint", nullable: false),
                    EndTimeMs = table.Column<long>(type: "bigint", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false, computedColumnSql: "\"EndTimeMs\" - \"StartTimeMs\"", stored: true),
                    ActiveMs = table.Column<long>(type: "bigint", nullable: false),
                    InactiveMs = table.Column<long>(type: "bigint", nullable: false),
                    LastActivityMs = table.Column<long>(type: "bigint", nullable: false),
                    ActivitySpans = table.Column<byte[]>(type: "bytea", nullable: true),
                    WindowTallyJson = table.Column<string>(type: "text", nullable: true),
                    TimesFromEvents = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    ClockOffsetMs = table.Column<long>(type: "bigint", nullable: true),
                    ClickCount = table.Column<int>(type: "integer", nullable: false),
                    KeypressCount = table.Column<int>(type: "integer", nullable: false),
                    MouseActivityCount = table.Column<int>(type: "integer", nullable: false),
                    ConsoleLogCount = table.Column<int>(type: "integer", nullable: false),
                    ConsoleWarnCount = table.Column<int>(type: "integer", nullable: false),
                    ConsoleErrorCount = table.Column<int>(type: "integer", nullable: false),
                    StartUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    StartUrlTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    BrowserInfo = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    SnapshotBytes = table.Column<long>(type: "bigint", nullable: false),
                    Persisted = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recordings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "saved_filters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnvironmentId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Query = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_filters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "storage_job_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CountsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_storage_job_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "behavior_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    WindowId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    TimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Selector = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PropertiesJson = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_behavior_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_behavior_events_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cold_segments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    BlobKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RelativePath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    StartTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    EndTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    ByteLength = table.Column<long>(type: "bigint", nullable: false),
                    RawByteLength = table.Column<long>(type: "bigint", nullable: false),
                    ChunkCount = table.Column<int>(type: "integer", nullable: false),
                    Checksum = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false)
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
                name: "collection_items",
                columns: table => new
                {
                    CollectionId = table.Column<int>(type: "integer", nullable: false),
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    AddedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collection_items", x => new { x.CollectionId, x.RecordingId });
                    table.ForeignKey(
                        name: "FK_collection_items_collections_CollectionId",
                        column: x => x.CollectionId,
                        principalTable: "collections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_collection_items_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recording_analyses",
                columns: table => new
                {
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    FirstAnalyzedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recording_analyses", x => x.RecordingId);
                    table.ForeignKey(
                        name: "FK_recording_analyses_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recording_views",
                columns: table => new
                {
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    AdminId = table.Column<int>(type: "integer", nullable: false),
                    FirstViewedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recording_views", x => new { x.RecordingId, x.AdminId });
                    table.ForeignKey(
                        name: "FK_recording_views_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "replay_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    WindowId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    TimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Selector = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PropertiesJson = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_replay_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_replay_events_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "snapshot_chunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    WindowId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    FirstTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    LastTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    RawByteLength = table.Column<long>(type: "bigint", nullable: false),
                    GzipData = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_snapshot_chunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_snapshot_chunks_recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cold_chunks",
                columns: table => new
                {
                    SegmentId = table.Column<long>(type: "bigint", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    ChunkId = table.Column<long>(type: "bigint", nullable: false),
                    WindowId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    FirstTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    LastTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    Offset = table.Column<long>(type: "bigint", nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    RawByteLength = table.Column<long>(type: "bigint", nullable: false)
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
                name: "IX_behavior_events_RecordingId_TimestampMs",
                table: "behavior_events",
                columns: new[] { "RecordingId", "TimestampMs" });

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
                name: "IX_collection_items_RecordingId",
                table: "collection_items",
                column: "RecordingId");

            migrationBuilder.CreateIndex(
                name: "IX_collections_EnvironmentId_Name",
                table: "collections",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ActiveMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ConsoleErrorCount" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_DistinctId_StartTimeMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "DistinctId", "StartTimeMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_DurationMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "DurationMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_SessionId",
                table: "recordings",
                columns: new[] { "EnvironmentId", "SessionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_StartTimeMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "StartTimeMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "TrackingMode", "StartTimeMs" });

            migrationBuilder.CreateIndex(
                name: "IX_replay_events_RecordingId_TimestampMs",
                table: "replay_events",
                columns: new[] { "RecordingId", "TimestampMs" });

            migrationBuilder.CreateIndex(
                name: "IX_saved_filters_EnvironmentId_Name",
                table: "saved_filters",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_snapshot_chunks_RecordingId_FirstTimestampMs",
                table: "snapshot_chunks",
                columns: new[] { "RecordingId", "FirstTimestampMs" });

            migrationBuilder.CreateIndex(
                name: "IX_storage_job_runs_JobId_StartedAtMs",
                table: "storage_job_runs",
                columns: new[] { "JobId", "StartedAtMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "behavior_events");

            migrationBuilder.DropTable(
                name: "cold_chunks");

            migrationBuilder.DropTable(
                name: "collection_items");

            migrationBuilder.DropTable(
                name: "ingested_batches");

            migrationBuilder.DropTable(
                name: "recording_analyses");

            migrationBuilder.DropTable(
                name: "recording_views");

            migrationBuilder.DropTable(
                name: "replay_events");

            migrationBuilder.DropTable(
                name: "saved_filters");

            migrationBuilder.DropTable(
                name: "snapshot_chunks");

            migrationBuilder.DropTable(
                name: "storage_job_runs");

            migrationBuilder.DropTable(
                name: "cold_segments");

            migrationBuilder.DropTable(
                name: "collections");

            migrationBuilder.DropTable(
                name: "recordings");
        }
    }
}
