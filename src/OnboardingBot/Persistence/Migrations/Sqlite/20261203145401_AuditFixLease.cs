using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditFixLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Alias",
                table: "AdminAuditFixes",
                type: "TEXT",
                maxLength: 63,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "AdminAuditFixes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "AdminAuditFixes",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Alias",
                table: "AdminAuditFixes");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "AdminAuditFixes");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "AdminAuditFixes");
        }
    }
}
