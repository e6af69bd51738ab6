using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestsOpenIamUserName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Requests_OpenIamUserName",
                table: "Requests",
                columns: new[] { "AwsAccountId", "IamUserName" },
                unique: true,
                filter: "\"Status\" IN ('Pending', 'Approved')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_OpenIamUserName",
                table: "Requests");
        }
    }
}
