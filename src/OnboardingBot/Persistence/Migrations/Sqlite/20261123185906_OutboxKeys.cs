using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BotId",
                table: "Outbox",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "Outbox",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecipientId",
                table: "Outbox",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SentConversationId",
                table: "Outbox",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "Outbox",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Key_Operation",
                table: "Outbox",
                columns: new[] { "Key", "Operation" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_Key_Operation",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "BotId",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "Key",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "RecipientId",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "SentConversationId",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "Outbox");
        }
    }
}
