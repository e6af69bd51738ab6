using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdminAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdminAuditFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CheckId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Resource = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    FirstSeen = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeen = table.Column<long>(type: "INTEGER", nullable: false),
                    GoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditFindings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdminAuditRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FailedChecks = table.Column<int>(type: "INTEGER", nullable: false),
                    Findings = table.Column<int>(type: "INTEGER", nullable: false),
                    NotRun = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditFindings_Account_CheckId_Resource_Subject",
                table: "AdminAuditFindings",
                columns: new[] { "Account", "CheckId", "Resource", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditFindings_Account_LastSeen",
                table: "AdminAuditFindings",
                columns: new[] { "Account", "LastSeen" });

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditRuns_Account_At",
                table: "AdminAuditRuns",
                columns: new[] { "Account", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdminAuditFindings");

            migrationBuilder.DropTable(
                name: "AdminAuditRuns");
        }
    }
}
