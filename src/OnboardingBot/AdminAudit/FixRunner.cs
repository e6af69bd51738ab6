using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.BotFramework.Cards;
using OnboardingBot.BotFramework.Teams;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// Runs approved fixes: each moves Approved → Running with a version-guarded update first, so of two workers (or
/// instances) exactly one makes the AWS calls; then Done or Failed, an audit record with who asked, who approved and
/// the calls made, and the card updated in place. A worker holds a running fix for <c>Audit:FixLease</c>: when it dies
/// mid-fix, another starts the fix again once the lease has run out (every fix can be repeated), up to
/// <c>Audit:FixMaxAttempts</c> starts; then the fix fails and says to check by hand.
/// </summary>
internal sealed partial class FixWorker(IServiceScopeFactory scopes, FixSignal signal, TimeProvider time, IOptions<AdminAuditOptions> options, ILogger<FixWorker> logger)
    : HostedWorker(time, signal)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);

    protected override TimeSpan FailureWait => options.Value.FixLease < Idle ? options.Value.FixLease : Idle;

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<FixRunner>();
        var nextLeaseEnd = await runner.RunDueAsync(cancellationToken).ConfigureAwait(false);
        var untilLeaseEnd = nextLeaseEnd is { } end ? end - Time.GetUtcNow() + TimeSpan.FromMilliseconds(1) : Idle;
        return untilLeaseEnd < Idle ? untilLeaseEnd : Idle;
    }

    protected override void LogFailure(Exception exception) => LogPassFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of the audit's fix worker failed.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}

/// <summary>Lets a test stop a fix after its AWS calls, before its commit, as a crash would.</summary>
internal interface IFixProbe
{
    ValueTask AfterAwsAsync(string cardKey, CancellationToken cancellationToken);
}

internal sealed class NoFixProbe : IFixProbe
{
    public ValueTask AfterAwsAsync(string cardKey, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

internal sealed partial class FixRunner(
    OnboardingDbContext db, Outbox outbox, IAwsClientFactory factory, TeamAws teamAws, AuditTargets targets, IFixProbe probe,
    WorkerInstance instance, IOptions<AdminAuditOptions> options, TimeProvider time, ILogger<FixRunner> logger)
{
    /// <summary>Runs what is due; returns when the next running fix's lease runs out, if one is held.</summary>
    public async Task<DateTimeOffset?> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Set<AuditFix>().AsNoTracking().Where(AuditFix.Due(now)).OrderBy(f => f.Id).Select(f => f.Id).Take(20)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var fix = await db.Set<AuditFix>().SingleAsync(f => f.Id == id, cancellationToken).ConfigureAwait(false);
            now = time.GetUtcNow();
            if (!fix.IsDue(now))
            {
                continue;
            }

            var settings = options.Value;
            var abandoned = fix.State == FixState.Running && fix.Lease.Attempts >= settings.FixMaxAttempts;
            fix.Start(instance.Id, now, now + settings.FixLease);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue; // another worker took it
            }

            if (abandoned)
            {
                await FinishAsync(fix, null, $"stopped after {fix.Lease.Attempts - 1} starts that did not finish: check {fix.Resource} by hand and audit again", cancellationToken).ConfigureAwait(false);
                continue;
            }

            await RunAsync(fix, cancellationToken).ConfigureAwait(false);
        }

        db.ChangeTracker.Clear();
        return await db.Set<AuditFix>().AsNoTracking().Where(f => f.State == FixState.Running).OrderBy(f => f.Lease.Until).Select(f => f.Lease.Until)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(AuditFix fix, CancellationToken cancellationToken)
    {
        var calls = new List<string>();
        string? failure = null;
        try
        {
            // A team's account through the team's clients (its role assumed when it names one), as its audit read it.
            var iam = fix.Team is null ? factory.Default.Iam
                : targets.Team(fix.Team) is { } team && team.AwsAccountId == fix.Account ? teamAws.For(team).Iam
                : throw new InvalidOperationException($"team {fix.Team} no longer names account {fix.Account}; nothing changed");
            await ExecuteAsync(iam, fix, calls, cancellationToken).ConfigureAwait(false);
            await probe.AfterAwsAsync(fix.CardKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or InvalidOperationException)
        {
            failure = AccountSnapshot.Describe(e) + (e is InvalidOperationException or EntityAlreadyExistsException ? ": " + e.Message : "");
        }

        await FinishAsync(fix, calls, failure, cancellationToken).ConfigureAwait(false);
    }

    // Done (the calls made) or Failed (the calls made, then why); its audit record and the card, in one commit.
    private async Task FinishAsync(AuditFix fix, List<string>? calls, string? failure, CancellationToken cancellationToken)
    {
        var made = calls is { Count: > 0 } ? string.Join("; ", calls) : "";
        var outcome = failure is null ? made : made.Length > 0 ? made + "; " + failure : failure;
        if (failure is null)
        {
            fix.Complete(outcome, time.GetUtcNow());
        }
        else
        {
            fix.Fail(outcome, time.GetUtcNow());
        }

        LogFixed(logger, fix.CardKey, fix.Kind, fix.Resource, fix.State);
        db.AuditRecords.Add(AuditRecord.Create(time.GetUtcNow(), fix.RequestedBy, "audit.fix." + fix.Kind.ToString().ToLowerInvariant(), fix.Resource, fix.CardKey,
            fix.State == FixState.Done ? "ok" : "failed",
            Truncate($"asked by {fix.RequestedBy}; approved by {fix.ApprovedBy ?? "(no approval needed)"}; {outcome}")));
        outbox.Update(fix.CardKey, AuditCards.Message(FixCards.Card(fix, options.Value)));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        outbox.Notify();
    }

    private async Task ExecuteAsync(IIamClient iam, AuditFix fix, List<string> calls, CancellationToken cancellationToken)
    {
        switch (fix.Kind)
        {
            case FixKind.DeactivateKey:
            {
                // The credential report names keys by slot, the older first: find that key now (once: a start after a
                // crash deactivates the key the first start found, whatever the slots are by then).
                if (fix.AccessKeyId is null)
                {
                    var keys = (await iam.ListAccessKeysAsync(fix.Resource, cancellationToken: cancellationToken).ConfigureAwait(false)).Items.OrderBy(k => k.CreateDate).ToList();
                    calls.Add($"ListAccessKeys({fix.Resource})");
                    if (fix.KeySlot is not { } slot || slot < 1 || slot > keys.Count)
                    {
                        throw new InvalidOperationException($"{fix.Resource} has no access key {fix.KeySlot} now; audit again");
                    }

                    fix.Resolved(keys[slot - 1].AccessKeyId);
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }

                await iam.UpdateAccessKeyAsync(fix.AccessKeyId!, AccessKeyStatus.Inactive, fix.Resource, cancellationToken).ConfigureAwait(false);
                calls.Add($"UpdateAccessKey({fix.Resource}, {fix.AccessKeyId}, Inactive)");
                break;
            }

            case FixKind.DeleteKey:
                try
                {
                    await iam.DeleteAccessKeyAsync(fix.AccessKeyId!, fix.Resource, cancellationToken).ConfigureAwait(false);
                    calls.Add($"DeleteAccessKey({fix.Resource}, {fix.AccessKeyId})");
                }
                catch (NoSuchEntityException)
                {
                    calls.Add($"DeleteAccessKey({fix.Resource}, {fix.AccessKeyId}): already gone");
                }

                break;
            case FixKind.RemovePassword:
                try
                {
                    await iam.DeleteLoginProfileAsync(fix.Resource, cancellationToken).ConfigureAwait(false);
                    calls.Add($"DeleteLoginProfile({fix.Resource})");
                }
                catch (NoSuchEntityException)
                {
                    calls.Add($"DeleteLoginProfile({fix.Resource}): no password any more");
                }

                break;
            case FixKind.SetPasswordPolicy:
            {
                PasswordPolicy? current;
                try
                {
                    current = await iam.GetAccountPasswordPolicyAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (NoSuchEntityException)
                {
                    current = null;
                }

                calls.Add("GetAccountPasswordPolicy");
                var settings = options.Value;
                // UpdateAccountPasswordPolicy replaces the whole policy: keep what is stricter already, raise the rest.
                var maxAge = settings.PasswordMaxAgeDays > 0
                    ? Math.Min(current?.MaxPasswordAge ?? settings.PasswordMaxAgeDays, settings.PasswordMaxAgeDays)
                    : current?.MaxPasswordAge;
                await iam.UpdateAccountPasswordPolicyAsync(new UpdateAccountPasswordPolicyRequest
                {
                    MinimumPasswordLength = Math.Max(current?.MinimumPasswordLength ?? 0, settings.MinimumPasswordLength),
                    PasswordReusePrevention = Math.Max(current?.PasswordReusePrevention ?? 0, settings.PasswordReusePrevention),
                    MaxPasswordAge = maxAge,
                    RequireSymbols = current?.RequireSymbols ?? false,
                    RequireNumbers = current?.RequireNumbers ?? false,
                    RequireUppercaseCharacters = current?.RequireUppercaseCharacters ?? false,
                    RequireLowercaseCharacters = current?.RequireLowercaseCharacters ?? false,
                    AllowUsersToChangePassword = current?.AllowUsersToChangePassword ?? true,
                    HardExpiry = current?.HardExpiry,
                }, cancellationToken).ConfigureAwait(false);
                calls.Add(string.Create(CultureInfo.InvariantCulture,
                    $"UpdateAccountPasswordPolicy(length {Math.Max(current?.MinimumPasswordLength ?? 0, settings.MinimumPasswordLength)}, reuse {Math.Max(current?.PasswordReusePrevention ?? 0, settings.PasswordReusePrevention)}, max age {maxAge?.ToString(CultureInfo.InvariantCulture) ?? "none"})"));
                break;
            }

            case FixKind.SetAlias:
            {
                var existing = (await iam.ListAccountAliasesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
                calls.Add("ListAccountAliases");
                if (existing.Count > 0)
                {
                    if (!string.Equals(existing[0], fix.Alias, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"the account has the alias {existing[0]} now; nothing changed");
                    }

                    calls.Add($"CreateAccountAlias({fix.Alias}): set already");
                    break;
                }

                await iam.CreateAccountAliasAsync(fix.Alias!, cancellationToken).ConfigureAwait(false);
                calls.Add($"CreateAccountAlias({fix.Alias})");
                break;
            }

            default:
                throw new InvalidOperationException("No fix for " + fix.Kind);
        }
    }

    private static string Truncate(string value) => value.Length <= 512 ? value : value[..512];

    [LoggerMessage(Level = LogLevel.Information, Message = "Fix {CardKey}: {Kind} of {Resource} is {State}.")]
    private static partial void LogFixed(ILogger logger, string cardKey, FixKind kind, string resource, FixState state);
}
