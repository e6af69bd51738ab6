using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Team = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AwsAccountId = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    IamUserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OnboardingRequestId = table.Column<long>(type: "bigint", nullable: false),
                    LeaverAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    RequesterAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequesterUserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequesterName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Snapshot = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: true),
                    RefusedReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ServiceUrl = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ChannelId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ThreadConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Nonce = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Step = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ParkedReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KeptDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
