using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.Conversation;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>What an admin asked for: the account's audit, or one user.</summary>
internal enum AuditJobKind
{
    Account,
    User,
}

/// <summary>
/// The account to audit: the bot's own (no team), or a team's, through the team's role.
/// </summary>
internal sealed record AuditTarget(string Description, TeamOptions? Team);

/// <summary>
/// One audit an admin asked for: its card (posted by the turn under <see cref="CardKey"/>, updated in place by the
/// worker), who asked, and the turn's correlation id for the audit trail.
/// </summary>
internal sealed record AuditJob(AuditJobKind Kind, AuditTarget Target, string CardKey, string RequestedBy, string CorrelationId)
{
    /// <summary>For <see cref="AuditJobKind.User"/>: the IAM user.</summary>
    public string? UserName { get; init; }
}

/// <summary>
/// Audits waiting to run on this instance. A turn queues its job only once its card is committed; the reading of
/// AWS (seconds, or minutes while AWS generates the credential report) never runs inside the HTTP turn.
/// </summary>
internal sealed class AuditQueue
{
    private readonly Channel<AuditJob> _jobs = Channel.CreateUnbounded<AuditJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(AuditJob job) => _jobs.Writer.TryWrite(job);

    public IAsyncEnumerable<AuditJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>Runs queued audits, a few at once; a failing audit says so on its card and never stops the worker.</summary>
internal sealed partial class AuditWorker(AuditQueue queue, IServiceScopeFactory scopes, ILogger<AuditWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
            async (job, ct) =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<AuditRunner>().RunAsync(job, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogJobFailed(logger, e, job.CardKey);
                }
            });

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit {CardKey} failed.")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string cardKey);
}

/// <summary>One account's audit: its data read through the account's clients, the bot's own records, the checks run.</summary>
internal sealed class AccountAuditor(
    AccountReader reader,
    OnboardingReader onboarding,
    TeamAws teamAws,
    IAwsClientFactory factory,
    IOptions<AdminAuditOptions> options,
    TimeProvider time)
{
    /// <summary>The clients of <paramref name="target"/>'s account; throws <see cref="InvalidOperationException"/> when its team names none.</summary>
    public AwsClients ClientsFor(AuditTarget target) => target.Team is { } team ? teamAws.For(team) : factory.Default;

    /// <summary>Reads the account and runs every check; <paramref name="reportGenerating"/> runs while AWS generates the credential report.</summary>
    public async Task<AuditReport> AuditAsync(AwsClients clients, AuditTarget target, Func<CancellationToken, Task> reportGenerating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(target);
        var settings = options.Value;
        var snapshot = await reader.ReadAsync(clients.Iam, settings, reportGenerating, cancellationToken).ConfigureAwait(false);
        await onboarding.ReadAsync(snapshot, snapshot.AccountId ?? target.Team?.AwsAccountId, cancellationToken).ConfigureAwait(false);
        return AccountChecks.Run(snapshot, settings, time.GetUtcNow(), target.Team?.AwsAccountId);
    }
}

/// <summary>Reads the account, runs the checks, updates the card and writes the audit record.</summary>
internal sealed partial class AuditRunner(
    AccountAuditor auditor,
    UserReader users,
    AuditStore store,
    OnboardingDbContext db,
    Outbox outbox,
    IOptions<AdminAuditOptions> options,
    TimeProvider time,
    ILogger<AuditRunner> logger)
{
    public async Task RunAsync(AuditJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        AwsClients clients;
        try
        {
            clients = auditor.ClientsFor(job.Target);
        }
        catch (InvalidOperationException e)
        {
            await FinishAsync(job, AuditCards.Failed(job.Target.Description, e.Message), "failed", e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            if (job.Kind == AuditJobKind.User)
            {
                var card = await users.DescribeAsync(clients.Iam, job.UserName!, cancellationToken).ConfigureAwait(false);
                await FinishAsync(job, card, "ok", null, cancellationToken).ConfigureAwait(false);
                return;
            }

            var settings = options.Value;
            var report = await auditor.AuditAsync(clients, job.Target, ct => ShowAsync(job, AuditCards.Generating(job.Target.Description, time.GetUtcNow()), ct), cancellationToken)
                .ConfigureAwait(false);
            var (failed, notRun) = (report.Count(CheckStatus.Failed), report.Count(CheckStatus.CouldNotRun));
            LogAudited(logger, job.CardKey, report.Account, failed, notRun);
            var detail = $"{failed} failed, {notRun} not run, {report.Results.Sum(r => r.Findings.Count)} findings";
            try
            {
                await store.StageAsync(report, job.Target.Team?.Name, job.RequestedBy, cancellationToken).ConfigureAwait(false);
                await FinishAsync(job, AuditCards.Summary(report, settings.FindingsPerCheckOnCard, job.Target.Team?.Name), "ok", detail, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Another audit of the account stored a finding first: read what it stored and merge into that once.
                db.ChangeTracker.Clear();
                await store.StageAsync(report, job.Target.Team?.Name, job.RequestedBy, cancellationToken).ConfigureAwait(false);
                await FinishAsync(job, AuditCards.Summary(report, settings.FindingsPerCheckOnCard, job.Target.Team?.Name), "ok", detail, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(logger, e, job.CardKey);
            db.ChangeTracker.Clear();
            await FinishAsync(job, AuditCards.Failed(job.Target.Description, "something went wrong on my side; please try again."), "failed", e.GetType().Name, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task ShowAsync(AuditJob job, AdaptiveCard card, CancellationToken cancellationToken)
    {
        outbox.Update(job.CardKey, AuditCards.Message(card));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        outbox.Notify();
    }

    private async Task FinishAsync(AuditJob job, AdaptiveCard card, string outcome, string? detail, CancellationToken cancellationToken)
    {
        var (action, target) = job.Kind == AuditJobKind.User ? ("audit.user.completed", job.UserName) : ("audit.completed", job.Target.Description);
        db.AuditRecords.Add(AuditRecord.Create(time.GetUtcNow(), job.RequestedBy, action, target, job.CorrelationId, outcome, detail));
        await ShowAsync(job, card, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {CardKey} of account {Account}: {Failed} checks failed, {NotRun} could not run.")]
    private static partial void LogAudited(ILogger logger, string cardKey, string account, int failed, int notRun);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit {CardKey} failed; its card says so.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string cardKey);
}
