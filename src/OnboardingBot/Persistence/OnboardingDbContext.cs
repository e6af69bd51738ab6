using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OnboardingBot.Conversation;

namespace OnboardingBot.Persistence;

/// <summary>
/// The bot's state. Each provider has its own subclass so that its migrations live apart
/// (<see cref="SqliteOnboardingDbContext"/>, <see cref="PostgresOnboardingDbContext"/>).
/// </summary>
public abstract class OnboardingDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring, shared by every instance (it protects MFA seeds and sensitive outbox bodies).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Who did what, when: never a secret.</summary>
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    /// <summary>Where to reach a user or conversation proactively.</summary>
    public DbSet<StoredConversationReference> ConversationReferences => Set<StoredConversationReference>();

    /// <summary>Inbound activities already handled (duplicate deliveries are dropped).</summary>
    public DbSet<ProcessedActivity> ProcessedActivities => Set<ProcessedActivity>();

    /// <summary>The serviceUrls the bot's token may be sent to (shared by every instance).</summary>
    public DbSet<TrustedServiceUrl> TrustedServiceUrls => Set<TrustedServiceUrl>();

    /// <summary>Outbound activities waiting to be sent, or sent.</summary>
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OnboardingDbContext).Assembly);
    }
}

/// <summary>SQLite flavour (embedded default).</summary>
public sealed class SqliteOnboardingDbContext(DbContextOptions<SqliteOnboardingDbContext> options) : OnboardingDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset text; store UTC ticks so time queries translate.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>PostgreSQL flavour (several instances).</summary>
public sealed class PostgresOnboardingDbContext(DbContextOptions<PostgresOnboardingDbContext> options) : OnboardingDbContext(options);
