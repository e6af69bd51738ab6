using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Requests;

internal sealed class OnboardingRequestConfiguration : IEntityTypeConfiguration<OnboardingRequest>
{
    public void Configure(EntityTypeBuilder<OnboardingRequest> builder)
    {
        builder.ToTable("Requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.Ignore(r => r.Reference);
        builder.Ignore(r => r.CardKey);
        builder.Ignore(r => r.RequiredApprovals);
        builder.Ignore(r => r.IsOpen);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Team).HasMaxLength(128);
        builder.Property(r => r.AwsAccountId).HasMaxLength(12);
        builder.Property(r => r.RequesterAadObjectId).HasMaxLength(64);
        builder.Property(r => r.RequesterUserId).HasMaxLength(256);
        builder.Property(r => r.RequesterName).HasMaxLength(256);
        builder.Property(r => r.NewHireAadObjectId).HasMaxLength(64);
        builder.Property(r => r.NewHireName).HasMaxLength(256);
        builder.Property(r => r.IamUserName).HasMaxLength(64);
        builder.Property(r => r.ManagerLookup).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ManagerAadObjectId).HasMaxLength(64);
        builder.Property(r => r.ManagerName).HasMaxLength(256);
        builder.Property(r => r.AccessKeysReason).HasMaxLength(512);
        builder.Property(r => r.DecidedBy).HasMaxLength(64);
        builder.Property(r => r.DecidedByName).HasMaxLength(256);
        builder.Property(r => r.DecisionReason).HasMaxLength(512);
        builder.Property(r => r.ServiceUrl).HasMaxLength(512);
        builder.Property(r => r.TenantId).HasMaxLength(64);
        builder.Property(r => r.ChannelId).HasMaxLength(512);
        builder.Property(r => r.ThreadConversationId).HasMaxLength(512);
        builder.Property(r => r.Nonce).HasMaxLength(32);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.OwnsMany(r => r.Approvals, approval =>
        {
            approval.ToTable("RequestApprovals");
            approval.WithOwner().HasForeignKey("RequestId");
            approval.Property<long>("Id");
            approval.HasKey("Id");
            approval.Property(a => a.ApproverAadObjectId).HasMaxLength(64);
            approval.Property(a => a.ApproverName).HasMaxLength(256);
            approval.HasIndex("RequestId", nameof(RequestApproval.ApproverAadObjectId)).IsUnique();
        });
        builder.Navigation(r => r.Approvals).HasField("_approvals");
        builder.HasIndex(r => new { r.Status, r.AwsAccountId, r.IamUserName });
        // One open request per IAM user name and account, even when two are made at the same moment.
        builder.HasIndex(r => new { r.AwsAccountId, r.IamUserName })
            .IsUnique()
            .HasFilter("\"Status\" IN ('Pending', 'Approved')")
            .HasDatabaseName("IX_Requests_OpenIamUserName");
        builder.HasIndex(r => new { r.Status, r.RemindAt });
        builder.HasIndex(r => new { r.Status, r.EscalateAt });
        builder.HasIndex(r => new { r.Status, r.ExpiresAt });
        builder.HasIndex(r => r.RequesterAadObjectId);
        builder.HasIndex(r => new { r.Status, r.EndsOn });
    }
}
