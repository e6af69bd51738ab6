using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Credentials;

/// <summary>Where a one-time link stands.</summary>
public enum DeliveryState
{
    /// <summary>Sent; not viewed yet.</summary>
    Sent,

    /// <summary>One reveal is reading the secret right now.</summary>
    Revealing,

    /// <summary>Viewed once; the secret is deleted.</summary>
    Viewed,

    /// <summary>Not viewed in time; the secret is deleted and the password reset.</summary>
    Expired,

    /// <summary>Replaced by a newer link (a resend).</summary>
    Superseded,

    /// <summary>
    /// Teams refused the 1:1 chat for good (e.g. the app is not installed for the person): the secret is deleted and the
    /// password reset, and fresh details go out once the new hire opens a chat with the bot.
    /// </summary>
    Undelivered,
}

/// <summary>
/// A one-time link to a request's credentials. Only the SHA-256 of its token is stored. Exactly one reveal wins: it
/// moves Sent → Revealing with a version-guarded update before it reads the secret.
/// </summary>
public sealed class CredentialDelivery
{
    private CredentialDelivery()
    {
    }

    public Guid Id { get; private init; }

    public long RequestId { get; private init; }

    /// <summary>The one person who may open it (AAD object id).</summary>
    public string RecipientAadObjectId { get; private init; } = "";

    /// <summary>SHA-256 of the token, hex.</summary>
    public string TokenHash { get; private init; } = "";

    /// <summary>The secret's ARN.</summary>
    public string SecretArn { get; private init; } = "";

    public DeliveryState State { get; private set; }

    /// <summary>Sent.</summary>
    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>Valid until.</summary>
    public DateTimeOffset ExpiresAt { get; private init; }

    /// <summary>When the current reveal started.</summary>
    public DateTimeOffset? RevealingSince { get; private set; }

    /// <summary>When it was viewed, expired or superseded.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>True once the secret is deleted.</summary>
    public bool SecretDeleted { get; private set; }

    /// <summary>Concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>The outbox key of the link message.</summary>
    public string MessageKey => $"credentials:{Id:N}:link";

    /// <summary>A new link; the returned token goes only into the recipient's private message.</summary>
    public static (CredentialDelivery Delivery, string Token) Issue(long requestId, string recipientAadObjectId, string secretArn, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = NewToken();
        var delivery = new CredentialDelivery
        {
            Id = Guid.CreateVersion7(now),
            RequestId = requestId,
            RecipientAadObjectId = recipientAadObjectId,
            TokenHash = Hash(token),
            SecretArn = secretArn,
            State = DeliveryState.Sent,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        return (delivery, token);
    }

    /// <summary>A new link token: 256 bits from a CSPRNG, base64url.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True while a reveal may start: sent (or a reveal abandoned long ago) and not expired.</summary>
    public bool CanReveal(DateTimeOffset now) =>
        now < ExpiresAt && (State == DeliveryState.Sent || (State == DeliveryState.Revealing && RevealingSince < now - TimeSpan.FromMinutes(2)));

    /// <summary>Sent → Revealing.</summary>
    public void BeginReveal(DateTimeOffset now)
    {
        if (!CanReveal(now))
        {
            throw new InvalidOperationException($"Delivery {Id} is {State} (expires {ExpiresAt:O}); it cannot be revealed.");
        }

        State = DeliveryState.Revealing;
        RevealingSince = now;
        Version++;
    }

    /// <summary>Revealing → Sent: reading the secret failed; the new hire may try again.</summary>
    public void AbandonReveal()
    {
        Ensure(DeliveryState.Revealing);
        State = DeliveryState.Sent;
        RevealingSince = null;
        Version++;
    }

    /// <summary>Revealing → Viewed.</summary>
    public void Viewed(DateTimeOffset now)
    {
        Ensure(DeliveryState.Revealing);
        State = DeliveryState.Viewed;
        ClosedAt = now;
        Version++;
    }

    /// <summary>Sent → Expired.</summary>
    public void Expire(DateTimeOffset now)
    {
        if (State is not (DeliveryState.Sent or DeliveryState.Revealing) || now < ExpiresAt)
        {
            throw new InvalidOperationException($"Delivery {Id} is {State} until {ExpiresAt:O}; it cannot expire now.");
        }

        State = DeliveryState.Expired;
        ClosedAt = now;
        Version++;
    }

    /// <summary>Sent → Undelivered: the message with the link could not be delivered, and no retry will.</summary>
    public void Undeliverable(DateTimeOffset now)
    {
        Ensure(DeliveryState.Sent);
        State = DeliveryState.Undelivered;
        ClosedAt = now;
        Version++;
    }

    /// <summary>Sent, Expired or Undelivered → Superseded (a newer link replaces it).</summary>
    public void Supersede(DateTimeOffset now)
    {
        if (State is not (DeliveryState.Sent or DeliveryState.Expired or DeliveryState.Undelivered))
        {
            throw new InvalidOperationException($"Delivery {Id} is {State}; it cannot be superseded.");
        }

        State = DeliveryState.Superseded;
        ClosedAt ??= now;
        Version++;
    }

    /// <summary>The secret is deleted.</summary>
    public void SecretGone()
    {
        SecretDeleted = true;
        Version++;
    }

    private void Ensure(DeliveryState state)
    {
        if (State != state)
        {
            throw new InvalidOperationException($"Delivery {Id} is {State}, not {state}.");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class CredentialDeliveryConfiguration : IEntityTypeConfiguration<CredentialDelivery>
{
    public void Configure(EntityTypeBuilder<CredentialDelivery> builder)
    {
        builder.ToTable("CredentialDeliveries");
        builder.HasKey(d => d.Id);
        builder.Ignore(d => d.MessageKey);
        builder.Property(d => d.RecipientAadObjectId).HasMaxLength(64);
        builder.Property(d => d.TokenHash).HasMaxLength(64);
        builder.Property(d => d.SecretArn).HasMaxLength(2048);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasIndex(d => d.TokenHash).IsUnique();
        builder.HasIndex(d => d.RequestId);
        builder.HasIndex(d => new { d.State, d.ExpiresAt });
        builder.HasIndex(d => new { d.SecretDeleted, d.State });
    }
}
