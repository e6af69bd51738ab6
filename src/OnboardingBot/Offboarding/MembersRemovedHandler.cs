using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Offboarding;

/// <summary>
/// Someone left a team in Teams (<c>conversationUpdate</c> with <c>membersRemoved</c> in the team's channel): for each
/// IAM user the bot made for that person in the team, it proposes offboarding in the onboarding's thread (a card an
/// approver decides). The bot itself removed, or a person the bot made nothing for: nothing.
/// </summary>
internal sealed class MembersRemovedHandler(OnboardingDbContext db, OffboardingProposals proposals, OffboardingMessages messages, TeamCatalog teams, ILogger<MembersRemovedHandler> logger)
    : IConversationUpdateHandler
{
    public async ValueTask HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Caller.IsPersonal || teams.FindByChannel(turn.Caller.ConversationId) is not { } team)
        {
            return;
        }

        var removed = Removed(turn.Activity.Properties, turn.Caller.BotId);
        if (removed.Count == 0)
        {
            return;
        }

        var made = await proposals.Made().AsNoTracking()
            .Where(r => r.Team == team.Name && r.NewHireAadObjectId != null && removed.Contains(r.NewHireAadObjectId))
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var onboarding in made.DistinctBy(r => (r.AwsAccountId, r.IamUserName)))
        {
            if (await proposals.OpenAsync(onboarding.AwsAccountId, onboarding.IamUserName, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var offboarding = await proposals.ProposeAsync(
                    onboarding, OffboardingOrigin.LeftTeam, $"{onboarding.NewHireName ?? "the person"} left team {team.Name} in Teams", automatic: false, turn.Now, cancellationToken).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (offboarding is not null)
                {
                    OffboardingLog.Asked(logger, offboarding.Reference, onboarding.IamUserName, OffboardingRequest.SystemActor);
                    turn.Audit("offboarding.left-team", offboarding.Reference, detail: $"user {onboarding.IamUserName}");
                }
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
                db.ChangeTracker.Clear(); // someone asked at the same moment: theirs stands
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }

        messages.Notify();
    }

    // The AAD object ids of the people removed (never the bot; entries without one are nobody the bot knows).
    private static List<string> Removed(Dictionary<string, JsonElement>? properties, string botId)
    {
        if (properties is null || !properties.TryGetValue("membersRemoved", out var members) || members.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. members.EnumerateArray()
            .Where(m => m.ValueKind == JsonValueKind.Object && !(m.TryGetProperty("id", out var id) && id.GetString() == botId))
            .Select(m => m.TryGetProperty("aadObjectId", out var aad) && aad.ValueKind == JsonValueKind.String ? aad.GetString() : null)
            .OfType<string>()
            .Where(a => Guid.TryParse(a, out _))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
