using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Environments.Data.Migrations
{
    /// <inheritdoc />
    internal partial class AdminSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "admins",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "ended_admin_sessions",
                columns: table => new
                {
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EndedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ended_admin_sessions", x => x.SessionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ended_admin_sessions_EndedAtMs",
                table: "ended_admin_sessions",
                column: "EndedAtMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ended_admin_sessions");

            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "admins");
        }
    }
}
