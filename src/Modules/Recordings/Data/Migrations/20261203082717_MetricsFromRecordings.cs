using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.Migrations
{
    /// <inheritdoc />
    internal partial class MetricsFromRecordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ActivitySpans",
                table: "recordings",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClockOffsetMs",
                table: "recordings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TimesFromEvents",
                table: "recordings",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "WindowTallyJson",
                table: "recordings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "replay_events",
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
                    Selector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PropertiesJson = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_replay_events_RecordingId_TimestampMs",
                table: "replay_events",
                columns: new[] { "RecordingId", "TimestampMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "replay_events");

            migrationBuilder.DropColumn(
                name: "ActivitySpans",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "ClockOffsetMs",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "TimesFromEvents",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "WindowTallyJson",
                table: "recordings");
        }
    }
}
