using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;

namespace OnboardingBot.Requests;

/// <summary>The open requests <paramref name="AadObjectId"/> may see.</summary>
public sealed record ListRequests(string AadObjectId, CallerRoles Roles);

/// <summary>
/// Lists pending requests visible to the caller: all for admins, their teams' for approvers, and always their own
/// (made by them or for them).
/// </summary>
public sealed class ListRequestsHandler(OnboardingDbContext db)
{
    private const int MaxShown = 50;

    /// <summary>Handles <paramref name="query"/>, oldest first.</summary>
    public async Task<IReadOnlyList<OnboardingRequest>> HandleAsync(ListRequests query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var open = db.Set<OnboardingRequest>().AsNoTracking().Where(r => r.Status == RequestStatus.Pending);
        if (!query.Roles.Has(Role.Admin))
        {
            var teams = query.Roles.ApproverOf.ToList();
            var me = query.AadObjectId;
            open = open.Where(r => r.RequesterAadObjectId == me || r.NewHireAadObjectId == me || teams.Contains(r.Team));
        }

        return await open.OrderBy(r => r.Id).Take(MaxShown).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
