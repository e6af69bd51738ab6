using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MfaCaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "QrCodes",
                table: "MfaEnrollments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Resyncs",
                table: "MfaEnrollments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QrCodes",
                table: "MfaEnrollments");

            migrationBuilder.DropColumn(
                name: "Resyncs",
                table: "MfaEnrollments");
        }
    }
}
