namespace OnboardingBot.AdminAudit;

/// <summary>Where a check ended.</summary>
internal enum CheckStatus
{
    /// <summary>It found something to fix.</summary>
    Failed,

    /// <summary>Its data could not be read (throttled, failed, denied): nothing is known.</summary>
    CouldNotRun,

    /// <summary>No API tells: the console steps, to check by hand.</summary>
    ByHand,

    /// <summary>A list to read (who is an admin), neither pass nor fail.</summary>
    Info,

    /// <summary>Nothing to fix.</summary>
    Passed,
}

/// <summary>One thing a check found: the IAM user (or <c>&lt;root_account&gt;</c>, <c>account</c>, a policy) and why.</summary>
internal sealed record Finding(string Resource, string Detail)
{
    /// <summary>
    /// What of the resource it is about, when a check can find several things on one (<c>password</c>, <c>key:1</c>,
    /// <c>sign-in</c>, an inline policy): with the check and resource, what identifies the finding from audit to audit.
    /// </summary>
    public string Subject { get; init; } = "";

    /// <summary>The access key slot (1 is the older) of a <c>key:N</c> subject.</summary>
    public int? KeySlot => Subject.StartsWith("key:", StringComparison.Ordinal) && int.TryParse(Subject.AsSpan(4), out var slot) ? slot : null;
}

/// <summary>A check's outcome.</summary>
internal sealed record CheckResult(AuditCheck Check, CheckStatus Status, IReadOnlyList<Finding> Findings, string? Note = null)
{
    public static CheckResult Pass(AuditCheck check, string? note = null) => new(check, CheckStatus.Passed, [], note);

    public static CheckResult Fail(AuditCheck check, IReadOnlyList<Finding> findings, string? note = null) =>
        findings.Count == 0 ? Pass(check, note) : new(check, CheckStatus.Failed, findings, note);
}

/// <summary>A call whose data the audit could not get, and why (for the partial card).</summary>
internal sealed record SourceFailure(DataSource Source, string Call, string Reason);

/// <summary>What one audit of one account found.</summary>
internal sealed record AuditReport(
    string Account,
    string? Alias,
    DateTimeOffset At,
    DateTimeOffset? CredentialReportGeneratedAt,
    int Users,
    IReadOnlyList<CheckResult> Results,
    IReadOnlyList<SourceFailure> Failures)
{
    /// <summary>True when some check could not run.</summary>
    public bool IsPartial => Results.Any(r => r.Status == CheckStatus.CouldNotRun);

    /// <summary>The results worst first: failed by severity, then could not run, by hand, lists, passed.</summary>
    public IEnumerable<CheckResult> WorstFirst => Results
        .OrderBy(r => r.Status)
        .ThenBy(r => r.Check.Severity)
        .ThenByDescending(r => r.Findings.Count);

    /// <summary>How many checks ended with <paramref name="status"/>.</summary>
    public int Count(CheckStatus status) => Results.Count(r => r.Status == status);

    /// <summary>The result of <paramref name="check"/>.</summary>
    public CheckResult Of(AuditCheck check) => Results.Single(r => r.Check == check);
}
