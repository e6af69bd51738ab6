using Microsoft.Extensions.Options;
using OnboardingBot.Aws.Iam;
using OnboardingBot.Hosting;

namespace OnboardingBot.Requests;

/// <summary>What the directory knows of an IAM user name in an account.</summary>
public enum UserNameKnowledge
{
    /// <summary>No listing of the account yet: the name may or may not be taken.</summary>
    Unknown,

    /// <summary>A user of that name (compared case-insensitively, as IAM does) exists.</summary>
    Exists,

    /// <summary>No such user at the last listing.</summary>
    Absent,
}

/// <summary>
/// The IAM user names of each account a team takes requests for, listed in the background every
/// <see cref="RequestOptions.UserDirectoryRefresh"/>, so turns can refuse a taken name without calling AWS.
/// A failed listing keeps the account's last good snapshot; names recorded with <see cref="Add"/> stay taken until
/// a listing started well after them (IAM lists are eventually consistent).
/// </summary>
public sealed class IamUserDirectory(
    TeamCatalog teams,
    TeamAws aws,
    IOptionsMonitor<RequestOptions> options,
    TimeProvider time,
    ILogger<IamUserDirectory> logger) : HostedWorker(time)
{
    private readonly Lock _gate = new();
    private bool _complete;
    private readonly Dictionary<string, AccountNames> _accounts = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool> _nextPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether <paramref name="userName"/> is taken in account <paramref name="accountId"/>.</summary>
    public UserNameKnowledge Known(string? accountId, string? userName)
    {
        if (accountId is null || string.IsNullOrEmpty(userName))
        {
            return UserNameKnowledge.Unknown;
        }

        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var account))
            {
                return UserNameKnowledge.Unknown;
            }

            return account.Added.ContainsKey(userName) || account.Listed?.Contains(userName) == true ? UserNameKnowledge.Exists
                : account.Listed is null ? UserNameKnowledge.Unknown
                : UserNameKnowledge.Absent;
        }
    }

    /// <summary>Records <paramref name="userName"/> as taken in <paramref name="accountId"/> now (after CreateUser).</summary>
    public void Add(string accountId, string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        lock (_gate)
        {
            Account(accountId).Added[userName] = Time.GetUtcNow();
        }
    }

    /// <summary>
    /// Why <paramref name="userName"/> can't be requested in <paramref name="accountId"/> because a user has it, with a
    /// free variant when there is one; null when it is free or not known yet.
    /// </summary>
    public string? Refusal(string? accountId, string? userName)
    {
        if (Known(accountId, userName) != UserNameKnowledge.Exists)
        {
            return null;
        }

        var stem = userName!.Length < IamUserName.MaxLength ? userName : userName[..(IamUserName.MaxLength - 1)];
        var free = Enumerable.Range(2, 8).Select(n => stem + n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault(v => Known(accountId, v) == UserNameKnowledge.Absent);
        return $"IAM user `{userName}` already exists in account {accountId}. Pick another name" + (free is null ? "." : $", e.g. `{free}`.");
    }

    /// <summary>Completes once every account that takes requests has been listed at least once.</summary>
    public Task WhenLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Completes at the end of the next listing pass: true when every account was listed, false when any failed. The
    /// worker's next delay has started by then, so a fake clock advanced afterwards wakes it.
    /// </summary>
    public Task<bool> WhenRefreshedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _nextPass.Task.WaitAsync(cancellationToken);
        }
    }

    protected override TimeSpan FailureWait => options.CurrentValue.UserDirectoryRefresh;

    // The directory must outlive any failure: the last snapshots stay, the next pass tries again.
    protected override void LogFailure(Exception exception) => RequestsLog.UserDirectoryFailed(logger, exception);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        _complete = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return options.CurrentValue.UserDirectoryRefresh;
    }

    protected override void Waiting(bool passSucceeded) => Announce(passSucceeded && _complete);

    // Lists every account once; true when all were listed.
    private async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var complete = true;
        foreach (var team in teams.RequestableTeams.DistinctBy(t => t.AwsAccountId, StringComparer.Ordinal))
        {
            var accountId = team.AwsAccountId!;
            var startedAt = Time.GetUtcNow();
            try
            {
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                await foreach (var user in aws.For(team).Iam.ListAllUsersAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    names.Add(user.UserName);
                }

                lock (_gate)
                {
                    Account(accountId).Replace(names, startedAt);
                }

                RequestsLog.UserDirectoryListed(logger, accountId, names.Count);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RequestsLog.UserDirectoryListingFailed(logger, accountId, ex);
                complete = false;
            }
        }

        return complete;
    }

    private void Announce(bool complete)
    {
        TaskCompletionSource<bool> pass;
        lock (_gate)
        {
            pass = _nextPass;
            _nextPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
            if (teams.RequestableTeams.All(t => _accounts.TryGetValue(t.AwsAccountId!, out var a) && a.Listed is not null))
            {
                _loaded.TrySetResult();
            }
        }

        pass.TrySetResult(complete);
    }

    private AccountNames Account(string accountId)
    {
        if (!_accounts.TryGetValue(accountId, out var account))
        {
            account = new AccountNames();
            _accounts[accountId] = account;
        }

        return account;
    }

    private sealed class AccountNames
    {
        public HashSet<string>? Listed { get; private set; }

        public DateTimeOffset ListingStartedAt { get; private set; }

        public Dictionary<string, DateTimeOffset> Added { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void Replace(HashSet<string> names, DateTimeOffset startedAt)
        {
            // A name added before the previous listing began is in this one, if IAM has it at all.
            foreach (var (name, addedAt) in Added.ToList())
            {
                if (Listed is not null && addedAt < ListingStartedAt)
                {
                    Added.Remove(name);
                }
            }

            Listed = names;
            ListingStartedAt = startedAt;
        }
    }
}
