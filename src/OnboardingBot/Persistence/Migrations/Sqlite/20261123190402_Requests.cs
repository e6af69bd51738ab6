using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Requests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RequestDialogs",
                columns: table => new
                {
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ForSelf = table.Column<bool>(type: "INTEGER", nullable: false),
                    NewHireName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    IamUserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Groups = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestDialogs", x => new { x.ConversationId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "Requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Team = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AwsAccountId = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    RequesterAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequesterUserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ForSelf = table.Column<bool>(type: "INTEGER", nullable: false),
                    NewHireAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NewHireName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    IamUserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Groups = table.Column<string>(type: "TEXT", nullable: false),
                    Privileged = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsoleAccess = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessKeys = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessKeysReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalateAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ThreadConversationId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RequestApprovals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApproverAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApproverName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestApprovals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestApprovals_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RequestApprovals_RequestId_ApproverAadObjectId",
                table: "RequestApprovals",
                columns: new[] { "RequestId", "ApproverAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_RequesterAadObjectId",
                table: "Requests",
                column: "RequesterAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_AwsAccountId_IamUserName",
                table: "Requests",
                columns: new[] { "Status", "AwsAccountId", "IamUserName" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_EscalateAt",
                table: "Requests",
                columns: new[] { "Status", "EscalateAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_ExpiresAt",
                table: "Requests",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_RemindAt",
                table: "Requests",
                columns: new[] { "Status", "RemindAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RequestApprovals");

            migrationBuilder.DropTable(
                name: "RequestDialogs");

            migrationBuilder.DropTable(
                name: "Requests");
        }
    }
}
