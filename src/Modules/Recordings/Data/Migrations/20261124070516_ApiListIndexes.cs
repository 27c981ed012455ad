using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ApiListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DurationMs",
                table: "recordings",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "\"EndTimeMs\" - \"StartTimeMs\"",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ActiveMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ConsoleErrorCount" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_DistinctId",
                table: "recordings",
                columns: new[] { "EnvironmentId", "DistinctId" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_DurationMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "DurationMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "TrackingMode", "StartTimeMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_DistinctId",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_DurationMs",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "DurationMs",
                table: "recordings");
        }
    }
}
