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

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OwnerAdminId",
                table: "api_keys",
                column: "OwnerAdminId");

            migrationBuilder.AddForeignKey(
                name: "FK_api_keys_admins_OwnerAdminId",
                table: "api_keys",
                column: "OwnerAdminId",
                principalTable: "admins",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_api_keys_admins_OwnerAdminId",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OwnerAdminId",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "OwnerAdminId",
                table: "api_keys");
        }
    }
}
