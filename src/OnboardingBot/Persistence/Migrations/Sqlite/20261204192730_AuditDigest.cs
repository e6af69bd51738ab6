using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditDigest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdminAuditDigests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slot = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AuditedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NewFindings = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedFindings = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditDigests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditDigests_Slot",
                table: "AdminAuditDigests",
                column: "Slot",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdminAuditDigests");
        }
    }
}
