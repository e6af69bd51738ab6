using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Aws.Iam.Model;

namespace OnboardingBot.AdminAudit;

/// <summary>
/// What the audit read of one account: the credential report, the account summary, the password policy, the aliases
/// and the authorization details (and, when the root user has MFA, the virtual MFA devices to tell a hardware one).
/// A source that could not be read is null, with its <see cref="SourceFailure"/>.
/// </summary>
internal sealed class AccountSnapshot
{
    private readonly Lock _gate = new();
    private readonly List<SourceFailure> _failures = [];

    public CredentialReport? Report { get; set; }

    public AccountSummary? Summary { get; set; }

    /// <summary>The policy; null when none is set (then <see cref="PasswordPolicyRead"/> says whether that is known).</summary>
    public PasswordPolicy? PasswordPolicy { get; set; }

    public bool PasswordPolicyRead { get; set; }

    public IReadOnlyList<string>? Aliases { get; set; }

    /// <summary>Whether a user is gone from the account or kept disabled by an offboarding (known once the details are read).</summary>
    public Func<string, bool> Offboarded { get; private set; } = _ => false;

    // The tag the leaver workflow puts on a user it keeps disabled (its value is the day, yyyy-MM-dd).
    private const string OffboardedTag = "onboarding:offboarded";

    /// <summary>
    /// The credential report may be up to four hours old, the authorization details are live: a user deleted since
    /// the report (an offboarding) is not in the account any more, and one disabled by an offboarding on or after the
    /// report's day has no password or keys left; their rows leave the report, so no check lists them.
    /// </summary>
    public void DropGoneUsers()
    {
        if (Details is not { } details)
        {
            return;
        }

        var present = details.Users.Where(u => !u.Tags.Any(t => t.Key == OffboardedTag)).Select(u => u.UserName);
        Offboarded = user => !present.Contains(user, StringComparer.Ordinal);
        if (Report is not { } report)
        {
            return;
        }

        var reportDay = report.GeneratedTime?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var live = details.Users
            .Where(u => u.Tags.FirstOrDefault(t => t.Key == OffboardedTag)?.Value is not { } day || reportDay is null || string.CompareOrdinal(day, reportDay) < 0)
            .Select(u => u.UserName)
            .ToHashSet(StringComparer.Ordinal);
        Report = report with { Entries = [.. report.Entries.Where(e => e.IsRoot || live.Contains(e.User))] };
    }

    public AccountAuthorizationDetails? Details { get; set; }

    /// <summary>The assigned virtual MFA devices; empty (not read) when the root user has no MFA at all.</summary>
    public IReadOnlyList<VirtualMfaDeviceSummary>? VirtualMfaDevices { get; set; }

    /// <summary>The bot's own records of the account's onboardings (the database, not AWS).</summary>
    public OnboardingRecords? Onboarding { get; set; }

    public IReadOnlyList<SourceFailure> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>The account id, from the root user's row or any ARN read.</summary>
    public string? AccountId =>
        AccountOf(Report?.Root?.Arn)
        ?? AccountOf(Details is { Users.Count: > 0 } d1 ? d1.Users[0].Arn : null)
        ?? AccountOf(Details is { Groups.Count: > 0 } d2 ? d2.Groups[0].Arn : null)
        ?? AccountOf(Details is { Roles.Count: > 0 } d3 ? d3.Roles[0].Arn : null);

    public void Failed(DataSource source, string call, string reason)
    {
        lock (_gate)
        {
            _failures.Add(new SourceFailure(source, call, reason));
        }
    }

    /// <summary>True when <paramref name="source"/> was read.</summary>
    public bool Has(DataSource source) => source switch
    {
        DataSource.CredentialReport => Report is not null,
        DataSource.AccountSummary => Summary is not null,
        DataSource.PasswordPolicy => PasswordPolicyRead,
        DataSource.AccountAliases => Aliases is not null,
        DataSource.AuthorizationDetails => Details is not null,
        DataSource.VirtualMfaDevices => VirtualMfaDevices is not null,
        DataSource.OnboardingRecords => Onboarding is not null,
        _ => true,
    };

    /// <summary>Why a call failed, in a few words: the AWS error code, or the kind of failure.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ThrottlingException => "throttled by AWS",
        AccessDeniedException => "access denied (the bot's policy lacks it)",
        AwsServiceException aws => aws.ErrorCode,
        TimeoutException or TaskCanceledException => "timed out",
        _ when exception.GetType().Name.Contains("Timeout", StringComparison.Ordinal) => "timed out", // the resilience pipeline's own
        HttpRequestException => "AWS could not be reached",
        FormatException => "its answer could not be read",
        _ => exception.GetType().Name,
    };

    private static string? AccountOf(string? arn)
    {
        var parts = arn?.Split(':');
        return parts is { Length: >= 6 } && parts[4].Length > 0 ? parts[4] : null;
    }
}

/// <summary>Reads an account for the audit in a handful of calls whatever its size (no call per user).</summary>
internal sealed partial class AccountReader(TimeProvider time, ILogger<AccountReader> logger)
{
    /// <summary>Every user, group, role and customer managed policy; AWS managed documents are not needed.</summary>
    private static readonly AuthorizationDetailsFilter[] DetailFilter =
        [AuthorizationDetailsFilter.User, AuthorizationDetailsFilter.Group, AuthorizationDetailsFilter.Role, AuthorizationDetailsFilter.LocalManagedPolicy];

    /// <summary>
    /// Reads everything; <paramref name="reportGenerating"/> runs once when AWS is still generating the credential
    /// report, which is then polled every <see cref="AdminAuditOptions.ReportPollInterval"/> until ready or timed out.
    /// </summary>
    public async Task<AccountSnapshot> ReadAsync(
        IIamClient iam, AdminAuditOptions options, Func<CancellationToken, Task> reportGenerating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = new AccountSnapshot();
        // AWS generates the report while the other sources are read; then it is fetched (or waited for).
        var generated = await GenerateReportAsync(iam, snapshot, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(
            ReadSummaryAndDevicesAsync(iam, snapshot, cancellationToken),
            TryAsync(snapshot, DataSource.PasswordPolicy, "GetAccountPasswordPolicy", async ct =>
            {
                try
                {
                    snapshot.PasswordPolicy = await iam.GetAccountPasswordPolicyAsync(ct).ConfigureAwait(false);
                }
                catch (NoSuchEntityException)
                {
                    snapshot.PasswordPolicy = null; // no policy set: IAM's defaults apply
                }

                snapshot.PasswordPolicyRead = true;
            }, cancellationToken),
            TryAsync(snapshot, DataSource.AccountAliases, "ListAccountAliases", async ct =>
            {
                List<string> aliases = [];
                await foreach (var alias in iam.ListAllAccountAliasesAsync(ct).ConfigureAwait(false))
                {
                    aliases.Add(alias);
                }

                snapshot.Aliases = aliases;
            }, cancellationToken),
            TryAsync(snapshot, DataSource.AuthorizationDetails, "GetAccountAuthorizationDetails", async ct =>
                snapshot.Details = await iam.GetAllAccountAuthorizationDetailsAsync(DetailFilter, cancellationToken: ct).ConfigureAwait(false),
                cancellationToken)).ConfigureAwait(false);
        if (generated is not null)
        {
            await ReadReportAsync(iam, snapshot, generated, options, reportGenerating, cancellationToken).ConfigureAwait(false);
        }

        snapshot.DropGoneUsers();
        return snapshot;
    }

    private async Task ReadSummaryAndDevicesAsync(IIamClient iam, AccountSnapshot snapshot, CancellationToken cancellationToken)
    {
        await TryAsync(snapshot, DataSource.AccountSummary, "GetAccountSummary", async ct =>
            snapshot.Summary = await iam.GetAccountSummaryAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (snapshot.Summary is not { RootMfaEnabled: true })
        {
            // Without root MFA there is no device to tell apart: the hardware check fails (or cannot run) as it is.
            snapshot.VirtualMfaDevices = snapshot.Summary is null ? null : [];
            return;
        }

        await TryAsync(snapshot, DataSource.VirtualMfaDevices, "ListVirtualMFADevices", async ct =>
        {
            List<VirtualMfaDeviceSummary> devices = [];
            await foreach (var device in iam.ListAllVirtualMfaDevicesAsync(MfaAssignmentStatus.Assigned, 1000, ct).ConfigureAwait(false))
            {
                devices.Add(device);
            }

            snapshot.VirtualMfaDevices = devices;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CredentialReportGeneration?> GenerateReportAsync(IIamClient iam, AccountSnapshot snapshot, CancellationToken cancellationToken)
    {
        CredentialReportGeneration? generation = null;
        await TryAsync(snapshot, DataSource.CredentialReport, "GenerateCredentialReport", async ct =>
            generation = await iam.GenerateCredentialReportAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return generation;
    }

    private async Task ReadReportAsync(
        IIamClient iam,
        AccountSnapshot snapshot,
        CredentialReportGeneration generation,
        AdminAuditOptions options,
        Func<CancellationToken, Task> reportGenerating,
        CancellationToken cancellationToken)
    {
        try
        {
            var deadline = time.GetUtcNow() + options.ReportTimeout;
            var told = false;
            var regenerated = generation.IsComplete;
            while (true)
            {
                try
                {
                    snapshot.Report = await iam.GetCredentialReportAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (ReportExpiredException) when (!regenerated)
                {
                    // A report older than four hours: ask for a new one, once.
                    regenerated = true;
                    await iam.GenerateCredentialReportAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e is ReportInProgressException or ReportNotPresentException)
                {
                    if (time.GetUtcNow() >= deadline)
                    {
                        snapshot.Failed(DataSource.CredentialReport, "GetCredentialReport", $"AWS was still generating it after {options.ReportTimeout.TotalMinutes:0.#} minutes");
                        return;
                    }

                    if (!told)
                    {
                        told = true;
                        await reportGenerating(cancellationToken).ConfigureAwait(false);
                    }

                    await Task.Delay(options.ReportPollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, "GetCredentialReport", e.GetType().Name);
            snapshot.Failed(DataSource.CredentialReport, "GetCredentialReport", AccountSnapshot.Describe(e));
        }
    }

    private async Task TryAsync(AccountSnapshot snapshot, DataSource source, string call, Func<CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        try
        {
            await read(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, call, e.GetType().Name);
            snapshot.Failed(source, call, AccountSnapshot.Describe(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit: {Call} failed ({ErrorType}); the checks that need it are reported as not run.")]
    private static partial void LogReadFailed(ILogger logger, string call, string errorType);
}
