using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>What a digest pass did.</summary>
internal enum DigestOutcome
{
    /// <summary>No <see cref="AdminAuditOptions.DigestChannelId"/>.</summary>
    Off,

    /// <summary>This week's digest is posted, or its time is not here (or long past).</summary>
    NotDue,

    /// <summary>Another instance holds this week's digest.</summary>
    HeldElsewhere,

    /// <summary>The bot has not seen the channel yet, so it cannot post there.</summary>
    ChannelNotSeen,

    /// <summary>This pass audited the accounts and queued the digest.</summary>
    Posted,
}

/// <summary>
/// The weekly digest: on <see cref="AdminAuditOptions.DigestDay"/> at <see cref="AdminAuditOptions.DigestTime"/> one
/// instance claims the week (<see cref="AuditDigest"/>, unique per slot, leased), audits the bot's own account and
/// every team's, and posts one card to the admins' channel: per account the counts and what changed since the last
/// digest, new findings and resolved ones. The audits' findings, the card and the digest's "posted" mark commit together.
/// </summary>
internal sealed partial class DigestWorker(
    IServiceScopeFactory scopes,
    WorkerInstance instance,
    IOptions<AdminAuditOptions> options,
    TimeProvider time,
    ILogger<DigestWorker> logger) : HostedWorker(time)
{
    private const string Actor = "digest";
    private readonly string _instance = instance.Id;
    private DateTimeOffset? _toldNotSeen;

    protected override TimeSpan FailureWait => options.Value.DigestPollInterval;

    protected override void LogFailure(Exception exception) => LogFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await RunDueAsync(cancellationToken).ConfigureAwait(false);
        return options.Value.DigestPollInterval;
    }

    /// <summary>Posts this week's digest when it is due and nobody else holds it.</summary>
    public async Task<DigestOutcome> RunDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.DigestChannelId))
        {
            return DigestOutcome.Off;
        }

        var now = Time.GetUtcNow();
        var slot = AuditDigest.LatestSlot(now, settings.DigestDay, settings.DigestTime);
        if (now - slot >= settings.DigestWindow)
        {
            return DigestOutcome.NotDue;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        var digest = await db.Set<AuditDigest>().SingleOrDefaultAsync(d => d.Slot == slot, cancellationToken).ConfigureAwait(false);
        if (digest is { PostedAt: not null })
        {
            return DigestOutcome.NotDue;
        }

        if (digest is not null && !digest.IsDue(now))
        {
            return DigestOutcome.HeldElsewhere;
        }

        var channel = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.ConversationId == settings.DigestChannelId)
            .OrderByDescending(r => r.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            if (_toldNotSeen != slot)
            {
                _toldNotSeen = slot;
                LogChannelNotSeen(logger, settings.DigestChannelId);
            }

            return DigestOutcome.ChannelNotSeen;
        }

        if (!await ClaimAsync(db, digest, slot, now, settings.DigestLease, cancellationToken).ConfigureAwait(false))
        {
            return DigestOutcome.HeldElsewhere;
        }

        var previous = await db.Set<AuditDigest>().AsNoTracking()
            .Where(d => d.PostedAt != null && d.Slot < slot)
            .OrderByDescending(d => d.Slot)
            .Select(d => d.AuditedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var audits = await AuditAllAsync(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);

        // Staged and posted in one commit; a concurrent admin audit that stored a finding first: merge into it, once more.
        for (var attempt = 1; ; attempt++)
        {
            var claim = await db.Set<AuditDigest>().SingleAsync(d => d.Slot == slot, cancellationToken).ConfigureAwait(false);
            if (claim.Lease.Owner != _instance || claim.PostedAt is not null)
            {
                return DigestOutcome.HeldElsewhere;
            }

            var sections = await StageAsync(scope.ServiceProvider, audits, previous, cancellationToken).ConfigureAwait(false);
            var at = Time.GetUtcNow();
            var (added, resolved) = (sections.Sum(s => s.New.Count), sections.Sum(s => s.Resolved.Count));
            claim.Posted(at, audits.Select(a => a.Report?.At).Max() ?? at, added, resolved);
            var card = DigestCard.Build(slot, previous, sections, settings.DigestFindingsListed);
            scope.ServiceProvider.GetRequiredService<Outbox>()
                .PostToChannelThread(channel.ServiceUrl, settings.DigestChannelId, channel.TenantId ?? "", AuditCards.Message(card), claim.CardKey);
            db.AuditRecords.Add(AuditRecord.Create(at, Actor, "audit.digest", settings.DigestChannelId, claim.CardKey, "ok",
                $"{sections.Count} accounts, {added} new, {resolved} resolved, {sections.Count(s => s.Problem is not null)} not audited"));
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear(); // our lease ran out and another instance took the week over: theirs is posted
                return DigestOutcome.HeldElsewhere;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && attempt == 1)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            scope.ServiceProvider.GetRequiredService<Outbox>().Notify();
            LogPosted(logger, slot, added, resolved);
            return DigestOutcome.Posted;
        }
    }

    private async Task<bool> ClaimAsync(OnboardingDbContext db, AuditDigest? digest, DateTimeOffset slot, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (digest is null)
        {
            db.Add(AuditDigest.Claim(slot, _instance, now, lease));
        }
        else
        {
            digest.TakeOver(_instance, now, lease);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            return false; // another instance claimed the week at the same moment
        }
        finally
        {
            db.ChangeTracker.Clear(); // the claim is re-read before the digest is posted
        }
    }

    // Each account read once (AWS calls outside any transaction); an account that cannot be audited is a section that says why.
    private async Task<List<AccountAudit>> AuditAllAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var auditor = services.GetRequiredService<AccountAuditor>();
        var targets = new List<AuditTarget> { AuditStarter.OwnAccount };
        targets.AddRange(services.GetRequiredService<AuditTargets>().Teams.Select(AuditStarter.TeamAccount));
        var audits = new List<AccountAudit>();
        foreach (var target in targets)
        {
            try
            {
                var report = await auditor.AuditAsync(auditor.ClientsFor(target), target, _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
                audits.Add(new(target, report, null));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                audits.Add(new(target, null, e is InvalidOperationException ? e.Message : "its audit failed on my side (see the bot's log)"));
                LogAccountFailed(logger, e, target.Team?.Name ?? "own");
            }
        }

        return audits;
    }

    private static async Task<List<DigestSection>> StageAsync(IServiceProvider services, List<AccountAudit> audits, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<AuditStore>();
        var db = services.GetRequiredService<OnboardingDbContext>();
        var sections = new List<DigestSection>();
        foreach (var audit in audits)
        {
            if (audit.Report is not { } report)
            {
                sections.Add(new(audit.Target, null, [], [], audit.Problem));
                continue;
            }

            // A team whose account is the bot's own: one section, as the findings are the account's.
            if (sections.Any(s => s.Report?.Account == report.Account))
            {
                continue;
            }

            await store.StageAsync(report, audit.Target.Team?.Name, Actor, cancellationToken).ConfigureAwait(false);
            var findings = db.ChangeTracker.Entries<StoredFinding>().Select(e => e.Entity).Where(f => f.Account == report.Account).ToList();
            sections.Add(new(audit.Target, report, New(findings, since, report.At), Resolved(findings, since), null));
        }

        return sections;
    }

    // Found by this audit, and first seen after the last digest (all of them in the first digest).
    private static List<StoredFinding> New(IEnumerable<StoredFinding> findings, DateTimeOffset? since, DateTimeOffset at) =>
        [.. findings.Where(f => f.GoneAt is null && f.LastSeen == at && (since is null || f.FirstSeen > since))];

    // Gone since the last digest, and there before it (a finding that came and went between two digests is neither).
    private static List<StoredFinding> Resolved(IEnumerable<StoredFinding> findings, DateTimeOffset? since) =>
        since is null ? [] : [.. findings.Where(f => f.GoneAt > since && f.FirstSeen <= since)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly audit digest of {Slot:O} posted: {New} new findings, {Resolved} resolved.")]
    private static partial void LogPosted(ILogger logger, DateTimeOffset slot, int @new, int resolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The weekly audit digest is due but the bot has not seen channel {ChannelId} yet: @mention the bot there once.")]
    private static partial void LogChannelNotSeen(ILogger logger, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The weekly digest could not audit the account of {Team}.")]
    private static partial void LogAccountFailed(ILogger logger, Exception exception, string team);

    [LoggerMessage(Level = LogLevel.Error, Message = "A weekly audit digest pass failed; it runs again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>One account's audit for the digest: its report, or why there is none.</summary>
internal sealed record AccountAudit(AuditTarget Target, AuditReport? Report, string? Problem);

/// <summary>One account's part of the digest.</summary>
internal sealed record DigestSection(AuditTarget Target, AuditReport? Report, IReadOnlyList<StoredFinding> New, IReadOnlyList<StoredFinding> Resolved, string? Problem);
