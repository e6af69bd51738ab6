using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EndDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EndProposedAt",
                table: "Requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EndRemindedAt",
                table: "Requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndsOn",
                table: "Requests",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Automatic",
                table: "Offboardings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Offboardings",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Asked");

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
                name: "Origin",
                table: "Offboardings");
        }
    }
}
