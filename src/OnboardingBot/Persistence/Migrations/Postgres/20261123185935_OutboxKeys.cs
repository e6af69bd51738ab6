using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Operation",
                table: "Outbox",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "BotId",
                table: "Outbox",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "Outbox",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecipientId",
                table: "Outbox",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SentConversationId",
                table: "Outbox",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "Outbox",
                type: "character varying(64)",
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

            migrationBuilder.AlterColumn<string>(
                name: "Operation",
                table: "Outbox",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);
        }
    }
}
