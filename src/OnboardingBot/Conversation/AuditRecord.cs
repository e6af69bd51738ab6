using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnboardingBot.Conversation;

/// <summary>
/// One command or state change: actor, action, target, time, correlation id. Written in the same transaction as the
/// change it describes, so an action whose audit record cannot be written does not happen. Never holds a secret.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>Sequence.</summary>
    public long Id { get; private set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset At { get; private init; }

    /// <summary>AAD object id of the person who acted, or <c>system</c>.</summary>
    public string Actor { get; private init; } = "";

    /// <summary>What was done, e.g. <c>command.help</c>, <c>request.approved</c>.</summary>
    public string Action { get; private init; } = "";

    /// <summary>What it was done to (request id, IAM user name, conversation), if anything.</summary>
    public string? Target { get; private init; }

    /// <summary><c>ok</c>, <c>refused</c>, <c>failed</c>.</summary>
    public string Outcome { get; private init; } = "ok";

    /// <summary>Short, secret-free detail (a refusal reason).</summary>
    public string? Detail { get; private init; }

    /// <summary>Ties the record to an inbound activity or workflow run.</summary>
    public string CorrelationId { get; private init; } = "";

    /// <summary>Creates a record.</summary>
    public static AuditRecord Create(DateTimeOffset at, string actor, string action, string? target, string correlationId, string outcome = "ok", string? detail = null) =>
        new()
        {
            At = at,
            Actor = Truncate(actor, 64),
            Action = Truncate(action, 64),
            Target = target is null ? null : Truncate(target, 256),
            CorrelationId = Truncate(correlationId, 128),
            Outcome = outcome,
            Detail = detail is null ? null : Truncate(detail, 512),
        };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(256);
        builder.Property(a => a.Outcome).HasMaxLength(16);
        builder.Property(a => a.Detail).HasMaxLength(512);
        builder.Property(a => a.CorrelationId).HasMaxLength(128);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Target, a.At });
    }
}
