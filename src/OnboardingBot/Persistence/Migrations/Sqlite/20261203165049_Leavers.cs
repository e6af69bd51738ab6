using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Leavers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EndProposedAt",
                table: "Requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EndRemindedAt",
                table: "Requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndsOn",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Automatic",
                table: "Offboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "FirstApprovalAt",
                table: "Offboardings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApprovalBy",
                table: "Offboardings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstApprovalByName",
                table: "Offboardings",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Offboardings",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Privileged",
                table: "Offboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "RetainedUserDeletedAt",
                table: "Offboardings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_EndsOn",
                table: "Requests",
                columns: new[] { "Status", "EndsOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_EndsOn",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "EndProposedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "EndRemindedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "EndsOn",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "Automatic",
                table: "Offboardings");

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
                name: "Origin",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "Privileged",
                table: "Offboardings");

            migrationBuilder.DropColumn(
                name: "RetainedUserDeletedAt",
                table: "Offboardings");
        }
    }
}
