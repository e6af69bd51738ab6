using OnboardingBot.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Offboarding;

internal sealed class OffboardingConfiguration : IEntityTypeConfiguration<OffboardingRequest>
{
    public void Configure(EntityTypeBuilder<OffboardingRequest> builder)
    {
        builder.ToTable("Offboardings");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedOnAdd();
        builder.Ignore(o => o.Reference);
        builder.Ignore(o => o.CardKey);
        builder.Ignore(o => o.IsOpen);
        builder.Ignore(o => o.IsDue);
        builder.Ignore(o => o.RequiredApprovals);
        builder.Ignore(o => o.ApprovalCount);
        builder.Property(o => o.FirstApprovalBy).HasMaxLength(64);
        builder.Property(o => o.FirstApprovalByName).HasMaxLength(256);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Team).HasMaxLength(128);
        builder.Property(o => o.AwsAccountId).HasMaxLength(12);
        builder.Property(o => o.IamUserName).HasMaxLength(64);
        builder.Property(o => o.LeaverAadObjectId).HasMaxLength(64);
        builder.Property(o => o.Reason).HasMaxLength(512);
        builder.Property(o => o.RequesterAadObjectId).HasMaxLength(64);
        builder.Property(o => o.RequesterUserId).HasMaxLength(256);
        builder.Property(o => o.RequesterName).HasMaxLength(256);
        builder.Property(o => o.Snapshot).HasMaxLength(8192);
        builder.Property(o => o.RefusedReason).HasMaxLength(512);
        builder.Property(o => o.DecidedBy).HasMaxLength(64);
        builder.Property(o => o.DecidedByName).HasMaxLength(256);
        builder.Property(o => o.DecisionReason).HasMaxLength(512);
        builder.Property(o => o.ServiceUrl).HasMaxLength(512);
        builder.Property(o => o.TenantId).HasMaxLength(64);
        builder.Property(o => o.ChannelId).HasMaxLength(512);
        builder.Property(o => o.ThreadConversationId).HasMaxLength(512);
        builder.Property(o => o.Nonce).HasMaxLength(32);
        builder.Property(o => o.ParkedReason).HasMaxLength(256);
        builder.HasWorkLease(o => o.Lease);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.Status, o.NextAttemptAt });
        // One offboarding under way per IAM user and account, even when two are asked for at the same moment.
        builder.HasIndex(o => new { o.AwsAccountId, o.IamUserName })
            .IsUnique()
            .HasFilter("\"Status\" IN ('Inspecting', 'Pending', 'Approved', 'Parked')")
            .HasDatabaseName("IX_Offboardings_OpenIamUserName");
    }
}
