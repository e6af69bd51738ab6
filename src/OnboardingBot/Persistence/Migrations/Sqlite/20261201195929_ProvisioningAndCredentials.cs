using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProvisioningAndCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Sensitive",
                table: "Outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CredentialDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    RecipientAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SecretArn = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevealingSince = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SecretDeleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningRuns",
                columns: table => new
                {
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CredentialGeneration = table.Column<int>(type: "INTEGER", nullable: false),
                    SecretArn = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    UserArn = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    AccessKeyIssued = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ParkedReason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UserCreatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    GroupsAddedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CredentialsSetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ViewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveryExpiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningRuns", x => x.RequestId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialDeliveries_RequestId",
                table: "CredentialDeliveries",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_CredentialDeliveries_SecretDeleted_State",
                table: "CredentialDeliveries",
                columns: new[] { "SecretDeleted", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialDeliveries_State_ExpiresAt",
                table: "CredentialDeliveries",
                columns: new[] { "State", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialDeliveries_TokenHash",
                table: "CredentialDeliveries",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRuns_Status_NextAttemptAt",
                table: "ProvisioningRuns",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CredentialDeliveries");

            migrationBuilder.DropTable(
                name: "ProvisioningRuns");

            migrationBuilder.DropColumn(
                name: "Sensitive",
                table: "Outbox");
        }
    }
}
