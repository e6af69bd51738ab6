using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>Creates a request from a form (card, dialog or one line) for <paramref name="Team"/>.</summary>
/// <param name="Team">The team whose approvers decide.</param>
/// <param name="Form">What the requester said.</param>
/// <param name="Turn">The turn: requester, where it came from, time and correlation.</param>
public sealed record CreateRequest(TeamOptions Team, RequestForm Form, TurnContext Turn);

/// <summary>The request made, or the friendly reasons it was not (nothing stored then).</summary>
public sealed record CreateRequestResult(OnboardingRequest? Request, IReadOnlyList<string> Problems)
{
    /// <summary>True when the request was created.</summary>
    public bool Created => Request is not null;
}

/// <summary>
/// Validates a form (the IAM user name against the account's known users and its open requests) and, when it is sound,
/// stores a pending request and queues its approval card, in one commit. No AWS call: the names come from <see cref="IamUserDirectory"/>.
/// </summary>
public sealed class CreateRequestHandler(
    OnboardingDbContext db,
    RequestMessages messages,
    IamUserDirectory users,
    NewHireLookup people,
    IManagerDirectory managers,
    IOptions<RequestOptions> timing,
    ILogger<CreateRequestHandler> logger)
{
    private const int MaxNewHireName = 256; // as stored

    /// <summary>Handles <paramref name="command"/>.</summary>
    public async Task<CreateRequestResult> HandleAsync(CreateRequest command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (team, form, turn) = command;
        var problems = new List<string>();
        if (turn.Caller.AadObjectId is null)
        {
            return new(null, ["I can't tell who you are here, so I can't take a request. Please use Microsoft Teams."]);
        }

        if (!team.TakesRequests || team.ChannelId is null)
        {
            return new(null, [$"Team {team.Name} has no AWS account or groups set up yet, so it can't take requests. Please ask an admin."]);
        }

        if (IamUserName.Check(form.IamUserName) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }
        else if (users.Refusal(team.AwsAccountId, form.IamUserName) is { } taken)
        {
            // Not known yet (no listing): accepted; provisioning reports a clash with an existing user.
            problems.Add(taken);
        }

        var groups = new List<GroupOptions>();
        if (form.Groups.Count == 0)
        {
            problems.Add($"Please pick at least one group: {string.Join(", ", team.Groups.Select(g => g.Name))}.");
        }

        foreach (var name in form.Groups.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var group = team.Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                problems.Add($"Team {team.Name} doesn't offer group `{Shorten(name)}`. It offers {string.Join(", ", team.Groups.Select(g => g.Name))}.");
            }
            else
            {
                groups.Add(group);
            }
        }

        if (form.AccessKeys && string.IsNullOrWhiteSpace(form.AccessKeysReason))
        {
            problems.Add("Access keys need a written reason: say why the new hire needs programmatic access, or turn access keys off.");
        }

        if (form.AccessKeysReason is { Length: > 500 })
        {
            problems.Add("Please keep the access keys reason under 500 characters.");
        }

        var picked = !form.ForSelf && form.NewHirePick is not null; // the picker wins over a typed name or email
        if (!form.ForSelf && !picked && string.IsNullOrWhiteSpace(form.NewHireName))
        {
            problems.Add("For a colleague, please pick the new hire or give their work email.");
        }
        else if (!form.ForSelf && !picked && form.NewHireName!.Trim().Length > MaxNewHireName)
        {
            problems.Add($"Please keep the new hire's name or email under {MaxNewHireName} characters.");
        }

        var endsOn = EndDate(form.EndDate, turn.Now, timing.Value.MaxEndDateAhead, problems);
        if (problems.Count == 0)
        {
            var open = await db.Set<OnboardingRequest>().AsNoTracking()
                .Where(r => (r.Status == RequestStatus.Pending || r.Status == RequestStatus.Approved) &&
                    r.AwsAccountId == team.AwsAccountId && r.IamUserName == form.IamUserName)
                .Select(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (open != 0)
            {
                problems.Add($"There is already an open request ({OnboardingRequest.FormatReference(open)}) for IAM user `{form.IamUserName}` in account {team.AwsAccountId}. Pick another name.");
            }
        }

        NewHire? newHire = null;
        if (problems.Count == 0 && !form.ForSelf)
        {
            newHire = picked
                ? await people.FindPickedAsync(turn, team, form.NewHirePick!, cancellationToken).ConfigureAwait(false)
                : await people.FindAsync(turn, team, form.NewHireName!, cancellationToken).ConfigureAwait(false);
            if (newHire.Problem is { } who)
            {
                problems.Add(who);
            }
            else if (string.Equals(newHire.AadObjectId, turn.Caller.AadObjectId, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("That's you: choose \"Myself\" for a request of your own.");
            }
        }

        if (problems.Count > 0)
        {
            return new(null, problems);
        }

        var newHireAadObjectId = newHire?.AadObjectId;

        // Found now, not when deciding: the card names who decides from the start, and a Graph outage later changes nothing.
        var subject = form.ForSelf ? turn.Caller.AadObjectId : newHireAadObjectId;
        var manager = subject is null ? null : await managers.FindAsync(subject, cancellationToken).ConfigureAwait(false);
        var request = OnboardingRequest.Draft(
            new RequestDraft(
                team.Name,
                team.AwsAccountId!,
                turn.Caller.AadObjectId,
                turn.Caller.UserId,
                turn.Caller.UserName,
                form.ForSelf,
                newHireAadObjectId,
                form.ForSelf ? null : NewHireName(form, newHire),
                form.IamUserName!,
                [.. groups.Select(g => g.Name)],
                groups.Any(g => g.Privileged),
                form.AccessKeys,
                form.AccessKeysReason?.Trim(),
                turn.Caller.ServiceUrl,
                turn.Caller.TenantId,
                team.ChannelId,
                // Asked in the team's channel: the card goes into that thread; else a new thread in the channel.
                !turn.Caller.IsPersonal && string.Equals(turn.Caller.ConversationId, team.ChannelId, StringComparison.OrdinalIgnoreCase)
                    ? turn.Caller.ReplyConversationId
                    : null,
                endsOn,
                manager),
            turn.Now);
        request.Submit(turn.Now, timing.Value);

        // The id comes from the first insert; the card and the audit record that name it commit with it, or nothing does.
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            db.Add(request);
            if (newHire is not null)
            {
                await people.RememberAsync(newHire, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.AuditRecords.Add(AuditRecord.Create(
                turn.Now, turn.Caller.AadObjectId, "request.created", request.Reference, turn.CorrelationId,
                detail: $"team {team.Name}, user {request.IamUserName}, groups {string.Join(",", request.Groups)}, keys {request.AccessKeys}"));
            await messages.PostCardAsync(request, cancellationToken).ConfigureAwait(false);
            await messages.TellManagerAsync(request, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            db.ChangeTracker.Clear();
            return new(null, [$"Someone just asked for IAM user `{form.IamUserName}` in account {team.AwsAccountId}. Pick another name."]);
        }
        catch
        {
            // Nothing half-made: the turn's own commit must not pick up what this one staged.
            db.ChangeTracker.Clear();
            throw;
        }
        messages.Notify();
        RequestsLog.Created(logger, request.Reference, turn.Caller.AadObjectId, team.Name);
        return new(request, []);
    }

    // The day access ends: yyyy-MM-dd, after today (UTC) and within the configured bound; a problem for people otherwise.
    private static DateOnly? EndDate(string? text, DateTimeOffset now, TimeSpan maxAhead, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var latest = DateOnly.FromDateTime((now + maxAhead).UtcDateTime);
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add($"I can't read the end date `{Shorten(text.Trim())}`: please write it as yyyy-MM-dd, like {Day(today.AddDays(90))}.");
            return null;
        }

        if (date <= today)
        {
            problems.Add($"The end date {Day(date)} is not in the future (today is {Day(today)}): pick a later day, or none for a permanent colleague.");
            return null;
        }

        if (date > latest)
        {
            problems.Add($"The end date {Day(date)} is too far ahead: pick a day up to {Day(latest)}, or none for a permanent colleague.");
            return null;
        }

        return date;
    }

    // As the requester wrote it, or for a pick the roster's display name (the object id when the roster has none).
    private static string NewHireName(RequestForm form, NewHire? newHire)
    {
        var shown = newHire?.Roster?.UserName?.Trim();
        var name = form.NewHirePick is null ? form.NewHireName!.Trim()
            : string.IsNullOrEmpty(shown) ? newHire!.AadObjectId! : shown;
        return name.Length <= MaxNewHireName ? name : name[..MaxNewHireName];
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
