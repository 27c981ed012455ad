using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Environments.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ApiKeyOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OwnerAdminId",
                table: "api_keys",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OwnerAdminId",
                table: "api_keys");
        }
    }
}
