using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MfaQrPage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountLabel",
                table: "MfaEnrollments",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QrPageTokenHash",
                table: "MfaEnrollments",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_QrPageTokenHash",
                table: "MfaEnrollments",
                column: "QrPageTokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MfaEnrollments_QrPageTokenHash",
                table: "MfaEnrollments");

            migrationBuilder.DropColumn(
                name: "AccountLabel",
                table: "MfaEnrollments");

            migrationBuilder.DropColumn(
                name: "QrPageTokenHash",
                table: "MfaEnrollments");
        }
    }
}
