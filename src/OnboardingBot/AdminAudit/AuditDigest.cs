using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnboardingBot.Hosting;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// One week's digest, one row per slot (unique): the instance that inserts it audits and posts; a claim whose holder
/// died ends with its lease and another instance takes it over. <see cref="Version"/> fences a holder whose lease
/// lapsed: it can no longer mark the digest posted, so its card is never queued beside the new holder's.
/// </summary>
internal sealed class AuditDigest
{
    private AuditDigest()
    {
    }

    public long Id { get; private set; }

    /// <summary>The week's digest time (UTC) this row is for.</summary>
    public DateTimeOffset Slot { get; private init; }

    /// <summary>The instance that holds the week, until when, and how often the digest was started (a start that never finished counts).</summary>
    public WorkLease Lease { get; private set; } = new();

    public DateTimeOffset? PostedAt { get; private set; }

    /// <summary>The latest audit time the digest covers: the next digest's changes are those after it.</summary>
    public DateTimeOffset? AuditedAt { get; private set; }

    public int NewFindings { get; private set; }

    public int ResolvedFindings { get; private set; }

    public int Version { get; private set; }

    /// <summary>The card key of the digest's channel post.</summary>
    public string CardKey => string.Create(CultureInfo.InvariantCulture, $"audit-digest:{Slot.UtcDateTime:yyyyMMddHHmm}");

    public static AuditDigest Claim(DateTimeOffset slot, string owner, DateTimeOffset now, TimeSpan lease)
    {
        var digest = new AuditDigest { Slot = slot };
        digest.Lease.TakeCounted(owner, now + lease);
        return digest;
    }

    /// <summary>Not posted, and its holder's lease has ended.</summary>
    public bool IsDue(DateTimeOffset now) => PostedAt is null && Lease.IsFree(now);

    /// <summary>Another instance takes over a claim whose lease ended.</summary>
    public void TakeOver(string owner, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsDue(now))
        {
            throw new InvalidOperationException($"Digest {Slot:O} is posted or held until {Lease.Until:O}: it cannot be taken over at {now:O}.");
        }

        Lease.TakeCounted(owner, now + lease);
        Version++;
    }

    /// <summary>The digest's card is queued (in the same commit).</summary>
    public void Posted(DateTimeOffset now, DateTimeOffset auditedAt, int newFindings, int resolvedFindings)
    {
        if (PostedAt is not null)
        {
            throw new InvalidOperationException($"Digest {Slot:O} was posted at {PostedAt:O}.");
        }

        PostedAt = now;
        Lease.Release();
        AuditedAt = auditedAt;
        NewFindings = newFindings;
        ResolvedFindings = resolvedFindings;
        Version++;
    }

    /// <summary>The latest digest time at or before <paramref name="now"/> for <paramref name="day"/> at <paramref name="time"/> (UTC).</summary>
    public static DateTimeOffset LatestSlot(DateTimeOffset now, DayOfWeek day, TimeSpan time)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var slot = today.AddDays(-(((int)today.DayOfWeek - (int)day + 7) % 7)) + time;
        return slot <= now ? slot : slot.AddDays(-7);
    }
}

internal sealed class AuditDigestConfiguration : IEntityTypeConfiguration<AuditDigest>
{
    public void Configure(EntityTypeBuilder<AuditDigest> builder)
    {
        builder.ToTable("AdminAuditDigests");
        builder.HasKey(d => d.Id);
        builder.HasWorkLease(d => d.Lease);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.CardKey);
        builder.HasIndex(d => d.Slot).IsUnique();
    }
}
