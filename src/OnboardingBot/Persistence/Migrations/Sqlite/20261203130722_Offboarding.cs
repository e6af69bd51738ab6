using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Offboarding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Offboardings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Team = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AwsAccountId = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    IamUserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OnboardingRequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaverAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    RequesterAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequesterUserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Snapshot = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true),
                    RefusedReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ThreadConversationId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ParkedReason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    KeptDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offboardings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Offboardings_OpenIamUserName",
                table: "Offboardings",
                columns: new[] { "AwsAccountId", "IamUserName" },
                unique: true,
                filter: "\"Status\" IN ('Inspecting', 'Pending', 'Approved', 'Parked')");

            migrationBuilder.CreateIndex(
                name: "IX_Offboardings_Status_NextAttemptAt",
                table: "Offboardings",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Offboardings");
        }
    }
}
