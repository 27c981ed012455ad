using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.Migrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingested_batches",
                columns: table => new
                {
                    EnvironmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    WindowId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingested_batches", x => new { x.EnvironmentId, x.SessionId, x.WindowId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "recordings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnvironmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DistinctId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PersonPropertiesJson = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true),
                    TrackingMode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlaybackStartedAtMs = table.Column<long>(type: "INTEGER", nullable: true),
                    StartTimeMs = table.Column<long>(type: "INTEGER", nullable: false),
                    EndTimeMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ActiveMs = table.Column<long>(type: "INTEGER", nullable: false),
                    InactiveMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ClickCount = table.Column<int>(type: "INTEGER", nullable: false),
                    KeypressCount = table.Column<int>(type: "INTEGER", nullable: false),
                    MouseActivityCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsoleLogCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsoleWarnCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsoleErrorCount = table.Column<int>(type: "INTEGER", nullable: false),
                    StartUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    StartUrlTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    BrowserInfo = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    SnapshotBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Persisted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Viewed = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recordings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "behavior_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecordingId = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Selector = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PropertiesJson = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true)
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
                name: "snapshot_chunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecordingId = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastTimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RawByteLength = table.Column<long>(type: "INTEGER", nullable: false),
                    GzipData = table.Column<byte[]>(type: "BLOB", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_behavior_events_RecordingId_TimestampMs",
                table: "behavior_events",
                columns: new[] { "RecordingId", "TimestampMs" });

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
                name: "IX_snapshot_chunks_RecordingId_FirstTimestampMs",
                table: "snapshot_chunks",
                columns: new[] { "RecordingId", "FirstTimestampMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "behavior_events");

            migrationBuilder.DropTable(
                name: "ingested_batches");

            migrationBuilder.DropTable(
                name: "snapshot_chunks");

            migrationBuilder.DropTable(
                name: "recordings");
        }
    }
}
