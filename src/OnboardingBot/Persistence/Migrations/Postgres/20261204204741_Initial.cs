using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnboardingBot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdminAuditDigests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slot = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AuditedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NewFindings = table.Column<int>(type: "integer", nullable: false),
                    ResolvedFindings = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditDigests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdminAuditFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CheckId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Resource = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Detail = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    FirstSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditFindings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdminAuditFixes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Team = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CheckId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Resource = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    KeySlot = table.Column<int>(type: "integer", nullable: true),
                    AccessKeyId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Alias = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ApprovedByName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Nonce = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ServiceUrl = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    CardKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditFixes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdminAuditRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Team = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FailedChecks = table.Column<int>(type: "integer", nullable: false),
                    Findings = table.Column<int>(type: "integer", nullable: false),
                    NotRun = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminAuditRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Detail = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    CorrelationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConversationReferences",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ConversationType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    BotId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ServiceUrl = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationReferences", x => x.Id);
                });

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
                    Resyncs = table.Column<int>(type: "integer", nullable: false),
                    QrCodes = table.Column<int>(type: "integer", nullable: false),
                    Generation = table.Column<int>(type: "integer", nullable: false),
                    QrMessageKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeadlineAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reminders = table.Column<int>(type: "integer", nullable: false),
                    NextWorkAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EnabledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Note = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    QrPageTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AccountLabel = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    WorkAttempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MfaEnrollments", x => x.Id);
                });

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
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Automatic = table.Column<bool>(type: "boolean", nullable: false),
                    RequesterAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequesterUserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequesterName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Privileged = table.Column<bool>(type: "boolean", nullable: false),
                    FirstApprovalBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    FirstApprovalByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    FirstApprovalAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
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
                    ParkedReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KeptDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    RetainedUserDeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offboardings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ServiceUrl = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    TargetActivityId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RecipientId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BotId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    SentConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    ActivityJson = table.Column<string>(type: "text", nullable: true),
                    Sensitive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentActivityId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedActivities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ActivityId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedActivities", x => x.Id);
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
                    ParkedReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserCreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    GroupsAddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CredentialsSetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningRuns", x => x.RequestId);
                });

            migrationBuilder.CreateTable(
                name: "RequestDialogs",
                columns: table => new
                {
                    ConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Step = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Team = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ForSelf = table.Column<bool>(type: "boolean", nullable: false),
                    NewHireName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    IamUserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Groups = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestDialogs", x => new { x.ConversationId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "Requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Team = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AwsAccountId = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    RequesterAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequesterUserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequesterName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ForSelf = table.Column<bool>(type: "boolean", nullable: false),
                    NewHireAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    NewHireName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ManagerLookup = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ManagerAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ManagerName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    IamUserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Groups = table.Column<List<string>>(type: "text[]", nullable: false),
                    Privileged = table.Column<bool>(type: "boolean", nullable: false),
                    ConsoleAccess = table.Column<bool>(type: "boolean", nullable: false),
                    AccessKeys = table.Column<bool>(type: "boolean", nullable: false),
                    AccessKeysReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EndRemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalateAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ServiceUrl = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ChannelId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ThreadConversationId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Nonce = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrustedServiceUrls",
                columns: table => new
                {
                    Url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    TrustedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustedServiceUrls", x => x.Url);
                });

            migrationBuilder.CreateTable(
                name: "RequestApprovals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApproverAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ApproverName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestApprovals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestApprovals_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditDigests_Slot",
                table: "AdminAuditDigests",
                column: "Slot",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditFindings_Account_CheckId_Resource_Subject",
                table: "AdminAuditFindings",
                columns: new[] { "Account", "CheckId", "Resource", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditFindings_Account_LastSeen",
                table: "AdminAuditFindings",
                columns: new[] { "Account", "LastSeen" });

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditFixes_CardKey",
                table: "AdminAuditFixes",
                column: "CardKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditFixes_State",
                table: "AdminAuditFixes",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_AdminAuditRuns_Account_At",
                table: "AdminAuditRuns",
                columns: new[] { "Account", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_At",
                table: "AuditRecords",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Target_At",
                table: "AuditRecords",
                columns: new[] { "Target", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_AadObjectId_ConversationType",
                table: "ConversationReferences",
                columns: new[] { "AadObjectId", "ConversationType" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_ConversationId_UserId",
                table: "ConversationReferences",
                columns: new[] { "ConversationId", "UserId" },
                unique: true);

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
                name: "IX_MfaEnrollments_QrPageTokenHash",
                table: "MfaEnrollments",
                column: "QrPageTokenHash",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Key_Operation",
                table: "Outbox",
                columns: new[] { "Key", "Operation" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_State_ConversationId_CreatedAt",
                table: "Outbox",
                columns: new[] { "State", "ConversationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_State_NextAttemptAt",
                table: "Outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedActivities_At",
                table: "ProcessedActivities",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedActivities_ConversationId_ActivityId",
                table: "ProcessedActivities",
                columns: new[] { "ConversationId", "ActivityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRuns_Status_NextAttemptAt",
                table: "ProvisioningRuns",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestApprovals_RequestId_ApproverAadObjectId",
                table: "RequestApprovals",
                columns: new[] { "RequestId", "ApproverAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_OpenIamUserName",
                table: "Requests",
                columns: new[] { "AwsAccountId", "IamUserName" },
                unique: true,
                filter: "\"Status\" IN ('Pending', 'Approved')");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_RequesterAadObjectId",
                table: "Requests",
                column: "RequesterAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_AwsAccountId_IamUserName",
                table: "Requests",
                columns: new[] { "Status", "AwsAccountId", "IamUserName" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_EndsOn",
                table: "Requests",
                columns: new[] { "Status", "EndsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_EscalateAt",
                table: "Requests",
                columns: new[] { "Status", "EscalateAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_ExpiresAt",
                table: "Requests",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_RemindAt",
                table: "Requests",
                columns: new[] { "Status", "RemindAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdminAuditDigests");

            migrationBuilder.DropTable(
                name: "AdminAuditFindings");

            migrationBuilder.DropTable(
                name: "AdminAuditFixes");

            migrationBuilder.DropTable(
                name: "AdminAuditRuns");

            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropTable(
                name: "ConversationReferences");

            migrationBuilder.DropTable(
                name: "CredentialDeliveries");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "MfaEnrollments");

            migrationBuilder.DropTable(
                name: "Offboardings");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "ProcessedActivities");

            migrationBuilder.DropTable(
                name: "ProvisioningRuns");

            migrationBuilder.DropTable(
                name: "RequestApprovals");

            migrationBuilder.DropTable(
                name: "RequestDialogs");

            migrationBuilder.DropTable(
                name: "TrustedServiceUrls");

            migrationBuilder.DropTable(
                name: "Requests");
        }
    }
}
