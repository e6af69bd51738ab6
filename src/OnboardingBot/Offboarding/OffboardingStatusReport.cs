using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Persistence;

namespace OnboardingBot.Offboarding;

// The admins' `status`: offboardings waiting for a decision, and parked ones by reference and step.
internal sealed class OffboardingStatusReport(OnboardingDbContext db) : IStatusReport
{
    private const int Shown = 10;

    public int Order => 20;

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken)
    {
        var all = db.Set<OffboardingRequest>().AsNoTracking();
        var pending = await all.CountAsync(o => o.Status == OffboardingStatus.Pending || o.Status == OffboardingStatus.Inspecting, cancellationToken).ConfigureAwait(false);
        var running = await all.CountAsync(o => o.Status == OffboardingStatus.Approved, cancellationToken).ConfigureAwait(false);
        var parked = await all.Where(o => o.Status == OffboardingStatus.Parked).OrderBy(o => o.Id).Take(Shown + 1)
            .Select(o => new { o.Id, o.Step }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var line = $"Offboarding: {N(pending)} waiting for a decision, {N(running)} running, ";
        return [parked.Count == 0
            ? line + "none parked."
            : line + $"parked: {string.Join(", ", parked.Take(Shown).Select(o => $"{OffboardingRequest.FormatReference(o.Id)} at {o.Step}"))}{(parked.Count > Shown ? ", …" : "")}."];
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
