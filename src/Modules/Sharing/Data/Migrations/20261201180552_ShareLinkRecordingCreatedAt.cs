using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Modules.Sharing.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ShareLinkRecordingCreatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RecordingCreatedAtMs",
                table: "share_links",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordingCreatedAtMs",
                table: "share_links");
        }
    }
}
