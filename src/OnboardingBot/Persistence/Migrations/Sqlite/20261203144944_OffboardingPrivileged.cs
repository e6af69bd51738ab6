using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OffboardingPrivileged : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FirstApprovalAt",
                table: "Offboardings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApprovalBy",
                table: "Offboardings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApprovalByName",
                table: "Offboardings",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Privileged",
                table: "Offboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstApprovalAt",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "FirstApprovalBy",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "FirstApprovalByName",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "Privileged",
                table: "Offboardings");
        }
    }
}
