using OnboardingBot.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Mfa;

internal sealed class MfaEnrollmentConfiguration : IEntityTypeConfiguration<MfaEnrollment>
{
    public void Configure(EntityTypeBuilder<MfaEnrollment> builder)
    {
        builder.ToTable("MfaEnrollments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Ignore(e => e.IsLive);
        builder.Ignore(e => e.HasWork);
        builder.Ignore(e => e.DeviceName);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Team).HasMaxLength(128);
        builder.Property(e => e.IamUserName).HasMaxLength(64);
        builder.Property(e => e.NewHireAadObjectId).HasMaxLength(64);
        builder.Property(e => e.DeviceSerial).HasMaxLength(600);
        builder.Property(e => e.ProtectedSeed).HasMaxLength(2048);
        builder.Property(e => e.ProtectedPair).HasMaxLength(2048);
        builder.Property(e => e.QrMessageKey).HasMaxLength(256);
        builder.Property(e => e.QrPageTokenHash).HasMaxLength(64);
        builder.Property(e => e.AccountLabel).HasMaxLength(128);
        builder.HasIndex(e => e.QrPageTokenHash).IsUnique();
        builder.HasWorkLease(e => e.Lease, attemptsColumn: "WorkAttempts");
        builder.Property(e => e.Note).HasMaxLength(256);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // One live enrollment per request, even when the credential view and a typed `mfa` race.
        builder.HasIndex(e => e.RequestId)
            .IsUnique()
            .HasFilter("\"State\" NOT IN ('Expired', 'Failed')")
            .HasDatabaseName("IX_MfaEnrollments_LiveRequest");
        builder.HasIndex(e => new { e.State, e.NextWorkAt });
        builder.HasIndex(e => new { e.State, e.DeadlineAt });
        builder.HasIndex(e => new { e.State, e.RemindAt });
        builder.HasIndex(e => e.IamUserName);
        builder.HasIndex(e => e.NewHireAadObjectId);
    }
}
