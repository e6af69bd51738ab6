using OnboardingBot.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Provisioning;

internal sealed class ProvisioningRunConfiguration : IEntityTypeConfiguration<ProvisioningRun>
{
    public void Configure(EntityTypeBuilder<ProvisioningRun> builder)
    {
        builder.ToTable("ProvisioningRuns");
        builder.HasKey(r => r.RequestId);
        builder.Property(r => r.RequestId).ValueGeneratedNever();
        builder.Property(r => r.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.SecretArn).HasMaxLength(2048);
        builder.Property(r => r.UserArn).HasMaxLength(2048);
        builder.Property(r => r.ParkedReason).HasMaxLength(256);
        builder.HasWorkLease(r => r.Lease);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.Status, r.NextAttemptAt });
    }
}
