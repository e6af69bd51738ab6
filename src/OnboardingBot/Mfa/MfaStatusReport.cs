using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;

namespace OnboardingBot.Mfa;

// The admins' `status`: MFA enrollments not yet on, by where they wait.
internal sealed class MfaStatusReport(OnboardingDbContext db) : IStatusReport
{
    public int Order => 30;

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken)
    {
        var waiting = await db.Set<MfaEnrollment>().AsNoTracking()
            .Where(e => e.State != MfaState.Enabled && e.State != MfaState.Expired && e.State != MfaState.Failed)
            .GroupBy(e => e.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var total = waiting.Sum(w => w.Count);
        return [total == 0
            ? "MFA: no enrollment waiting."
            : $"MFA: {total.ToString(CultureInfo.InvariantCulture)} enrollment{(total == 1 ? "" : "s")} waiting ({string.Join(", ", waiting.OrderBy(w => w.State).Select(w => $"{w.Count.ToString(CultureInfo.InvariantCulture)} {w.State}"))})."];
    }
}
