using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OffboardingPrivileged : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstApprovalAt",
                table: "Offboardings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApprovalBy",
                table: "Offboardings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApprovalByName",
                table: "Offboardings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Privileged",
                table: "Offboardings",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstApprovalAt",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "FirstApprovalBy",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "FirstApprovalByName",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "Privileged",
                table: "Offboardings");
        }
    }
}
