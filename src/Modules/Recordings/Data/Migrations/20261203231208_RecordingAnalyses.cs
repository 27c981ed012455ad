using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.Migrations
{
    /// <inheritdoc />
    internal partial class RecordingAnalyses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recording_analyses",
                columns: table => new
                {
                    RecordingId = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstAnalyzedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recording_analyses");
        }
    }
}
