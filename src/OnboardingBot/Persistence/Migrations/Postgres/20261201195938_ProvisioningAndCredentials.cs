using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CredentialDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    RecipientAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SecretArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevealingSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SecretDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningRuns",
                columns: table => new
                {
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    Step = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CredentialGeneration = table.Column<int>(type: "integer", nullable: false),
                    SecretArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    UserArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    AccessKeyIssued = table.Column<bool>(type: "boolean", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ParkedReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserCreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    GroupsAddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CredentialsSetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ViewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveryExpiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
