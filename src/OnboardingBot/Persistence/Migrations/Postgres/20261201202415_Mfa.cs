using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MfaEnrollments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    Team = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    IamUserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NewHireAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DeviceSerial = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    ProtectedSeed = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    ProtectedPair = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    FailedPairs = table.Column<int>(type: "integer", nullable: false),
                    TriedPairs = table.Column<List<string>>(type: "text[]", nullable: false),
                    Generation = table.Column<int>(type: "integer", nullable: false),
                    QrMessageKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeadlineAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reminders = table.Column<int>(type: "integer", nullable: false),
                    NextWorkAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WorkAttempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EnabledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Note = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
