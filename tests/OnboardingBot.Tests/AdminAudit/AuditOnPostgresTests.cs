using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.AdminAudit;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.AdminAudit;

/// <summary>The audit's own tables on PostgreSQL: findings kept across audits, the CSV of the latest, one user's card.</summary>
public sealed class AuditOnPostgresTests(PostgresRequestsApp app) : ChannelTests<PostgresRequestsApp>(app)
{
    [Fact]
    public async Task TwoAuditsKeepWhenEachFindingWasFirstSeenAndTheCsvHoldsTheLatest()
    {
        await App.RunAuditAsync(Channel);
        var (_, card) = await App.RunAuditAsync(Channel);

        await using var scope = App.Services.CreateAsyncScope();
        var runs = await scope.ServiceProvider.GetRequiredService<OnboardingBot.Persistence.OnboardingDbContext>().Set<AuditRun>().AsNoTracking().OrderBy(r => r.At).ToListAsync();
        Assert.True(runs.Count >= 2);
        var store = scope.ServiceProvider.GetRequiredService<AuditStore>();
        var latest = await store.LatestAsync(null, CancellationToken.None);
        Assert.Equal(runs[^1].Id, latest!.Id);
        var csv = Encoding.UTF8.GetString(await store.CsvAsync(latest, CancellationToken.None)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("account,check_id,", csv[0], StringComparison.Ordinal);
        var password = Assert.Single(csv, l => l.StartsWith("000000000000,password-length,", StringComparison.Ordinal));
        Assert.EndsWith($",{Iso(runs[0].At)},{Iso(runs[^1].At)}", password, StringComparison.Ordinal);
        Assert.Equal(AuditKit.Checks(card).Values.Where(c => (c.Status.StartsWith('✖') || c.Status.StartsWith('ℹ')) && c.Resources.Count > 0).Select(c => c.Id).Order(),
            csv.Skip(1).Select(l => l.Split(',')[1]).Distinct().Order());
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
