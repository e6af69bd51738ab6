using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EndDates : Migration
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

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Offboardings",
                type: "TEXT",
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
