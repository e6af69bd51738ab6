using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "AdminAuditDigests");

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "MfaEnrollments",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "AdminAuditFixes",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "AdminAuditFixes",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "LeaseUntil",
                table: "AdminAuditDigests",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "AdminAuditDigests",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "AdminAuditDigests",
                type: "TEXT",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastError",
                table: "MfaEnrollments");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "AdminAuditFixes");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "AdminAuditFixes");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "AdminAuditDigests");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "AdminAuditDigests");

            migrationBuilder.AlterColumn<long>(
                name: "LeaseUntil",
                table: "AdminAuditDigests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "AdminAuditDigests",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");
        }
    }
}
