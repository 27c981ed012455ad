using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Recordings.Data.PostgresMigrations
{
    /// <inheritdoc />
    internal partial class ListOrderIndexesWithId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_DurationMs",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_StartTimeMs",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs",
                table: "recordings");

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs_Id",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ActiveMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount_Id",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ConsoleErrorCount", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "TrackingMode" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_DurationMs_Id",
                table: "recordings",
                columns: new[] { "EnvironmentId", "DurationMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_StartTimeMs_Id",
                table: "recordings",
                columns: new[] { "EnvironmentId", "StartTimeMs", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs_Id",
                table: "recordings",
                columns: new[] { "EnvironmentId", "TrackingMode", "StartTimeMs", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs_Id",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount_Id",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_DurationMs_Id",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_StartTimeMs_Id",
                table: "recordings");

            migrationBuilder.DropIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs_Id",
                table: "recordings");

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ActiveMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ActiveMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_ConsoleErrorCount",
                table: "recordings",
                columns: new[] { "EnvironmentId", "ConsoleErrorCount" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_DurationMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "DurationMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_StartTimeMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "StartTimeMs" });

            migrationBuilder.CreateIndex(
                name: "IX_recordings_EnvironmentId_TrackingMode_StartTimeMs",
                table: "recordings",
                columns: new[] { "EnvironmentId", "TrackingMode", "StartTimeMs" });
        }
    }
}
