using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.Migrations
{
    /// <inheritdoc />
    internal partial class RecordingViewsPerAdmin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recording_views",
                columns: table => new
                {
                    RecordingId = table.Column<long>(type: "INTEGER", nullable: false),
                    AdminId = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstViewedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
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

            // The old flag said that some admin, nobody knows which, had played the recording. It becomes a view of
            // every admin (RecordingViewRow.EveryAdmin), so no admin's list turns older recordings back into new ones;
            // when it was first viewed is not known either, so the upgrade's time stands in.
            migrationBuilder.Sql("""
                INSERT INTO recording_views ("RecordingId", "AdminId", "FirstViewedAtMs")
                SELECT "Id", 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM recordings WHERE "Viewed" = 1;
                """);

            // SQLite's own DROP COLUMN (3.35+) rather than EF's copy of the whole table, which at a million recordings
            // takes long and commits in several steps; the column has no index or constraint that would stop it.
            migrationBuilder.Sql("""ALTER TABLE recordings DROP COLUMN "Viewed";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Viewed",
                table: "recordings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Back to one flag: viewed when any admin has viewed it.
            migrationBuilder.Sql("""
                UPDATE recordings SET "Viewed" = 1 WHERE EXISTS (SELECT 1 FROM recording_views v WHERE v."RecordingId" = recordings."Id");
                """);

            migrationBuilder.DropTable(
                name: "recording_views");
        }
    }
}
