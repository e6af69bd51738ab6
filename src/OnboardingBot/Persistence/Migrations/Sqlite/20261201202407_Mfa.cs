using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Mfa : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MfaEnrollments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    IamUserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NewHireAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DeviceSerial = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    ProtectedSeed = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    ProtectedPair = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    FailedPairs = table.Column<int>(type: "INTEGER", nullable: false),
                    TriedPairs = table.Column<string>(type: "TEXT", nullable: false),
                    Generation = table.Column<int>(type: "INTEGER", nullable: false),
                    QrMessageKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeadlineAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Reminders = table.Column<int>(type: "INTEGER", nullable: false),
                    NextWorkAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WorkAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    EnabledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MfaEnrollments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_IamUserName",
                table: "MfaEnrollments",
                column: "IamUserName");

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_LiveRequest",
                table: "MfaEnrollments",
                column: "RequestId",
                unique: true,
                filter: "\"State\" NOT IN ('Expired', 'Failed')");

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_NewHireAadObjectId",
                table: "MfaEnrollments",
                column: "NewHireAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_State_DeadlineAt",
                table: "MfaEnrollments",
                columns: new[] { "State", "DeadlineAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_State_NextWorkAt",
                table: "MfaEnrollments",
                columns: new[] { "State", "NextWorkAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MfaEnrollments_State_RemindAt",
                table: "MfaEnrollments",
                columns: new[] { "State", "RemindAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "MfaEnrollments");
        }
    }
}
