using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;

namespace OnboardingBot.Provisioning;

// The admins' `status`: parked runs, by request and the step they wait on (an admin's `retry` resumes them).
internal sealed class ProvisioningStatusReport(OnboardingDbContext db) : IStatusReport
{
    private const int Shown = 10;

    public int Order => 10;

    /// <summary>The parked-runs gauge (<c>onboardingbot.provisioning.parked</c>).</summary>
    public static BotGauge ParkedGauge { get; } = new(
        "onboardingbot.provisioning.parked", "{run}", "Provisioning runs parked now (waiting for an admin's retry).",
        db => db.Set<ProvisioningRun>().LongCount(r => r.Status == ProvisioningStatus.Parked));

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken)
    {
        var parked = db.Set<ProvisioningRun>().AsNoTracking().Where(r => r.Status == ProvisioningStatus.Parked);
        var count = await parked.CountAsync(cancellationToken).ConfigureAwait(false);
        var running = await db.Set<ProvisioningRun>().AsNoTracking().CountAsync(r => r.Status == ProvisioningStatus.Running, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return [$"Provisioning: no parked runs; {running.ToString(CultureInfo.InvariantCulture)} running."];
        }

        var shown = await parked.OrderBy(r => r.RequestId).Take(Shown).Select(r => new { r.RequestId, r.Step }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var list = string.Join(", ", shown.Select(r => $"{OnboardingRequest.FormatReference(r.RequestId)} at {r.Step}"));
        return [$"Provisioning: {count.ToString(CultureInfo.InvariantCulture)} parked ({list}{(count > Shown ? ", …" : "")}), {running.ToString(CultureInfo.InvariantCulture)} running. `retry <id>` resumes one."];
    }
}
