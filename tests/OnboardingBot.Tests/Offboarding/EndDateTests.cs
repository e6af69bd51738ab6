using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Offboarding;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>
/// A fake clock for end dates: it runs at the real pace (the outbox, the leaver workflow and LocalAws keep working)
/// from an offset the test moves forward by days with <see cref="Advance"/>.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>
/// Platform on a <see cref="ShiftedClock"/>, reminded 7 days ahead, disabled users kept 30 days in <paramref name="mode"/>
/// Disable; <paramref name="auto"/> opts it into AutoOnEndDate.
/// </summary>
public sealed class EndDateApp : RequestsApp
{
    public EndDateApp(bool auto = false, OffboardingMode mode = OffboardingMode.Delete)
        : base(DatabaseKind.Sqlite)
    {
        Overrides["Offboarding:Mode"] = mode.ToString();
        Overrides["Offboarding:RetentionDays"] = "30";
        Overrides["Offboarding:RemindBefore"] = "7.00:00:00";
        // The test runs the passes; the worker's own start-up pass finds nothing due.
        Overrides["Offboarding:EndDatePollInterval"] = "30.00:00:00";
        Overrides["Offboarding:PollInterval"] = "00:00:00.200";
        Overrides["Offboarding:RetryDelay"] = "00:00:00.020";
        if (auto)
        {
            Overrides["Offboarding:AutoOnEndDate:0"] = "Platform";
        }
    }

    public ShiftedClock Time { get; } = new();

    protected override TimeProvider AwsClock => Time;

    internal EndDateWorker EndDates => Services.GetRequiredService<EndDateWorker>();

    internal RetentionSweeper Retention => Services.GetRequiredService<RetentionSweeper>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }
}

/// <summary>End dates on requests: refused when wrong, shown to approvers, reminded once, proposed (or carried out) once on the day.</summary>
public sealed class EndDateTests : IAsyncLifetime
{
    private RecordingChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await RecordingChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheApproversAreRemindedOnceAndOnTheDayAProposalAwaitsADecisionWhileARequestWithoutADateIsUntouched()
    {
        await using var app = new EndDateApp();
        await app.InitializeAsync();
        var until = Day(app.Time.GetUtcNow().AddDays(30));
        var (leaver, onboarding) = await OnboardUntilAsync(app, until);
        var (stays, staysRequest) = await OnboardUntilAsync(app, null);
        await _channel.WaitForAsync(r => r.Carries($"Onboarding request {onboarding}") && r.Carries($"{until} (offboarding is proposed on that day)"), "the end date on the approval card");

        Assert.Equal(0, await app.EndDates.RunDueAsync(CancellationToken.None));
        app.Time.Advance(TimeSpan.FromDays(23) + TimeSpan.FromHours(1));
        await app.EndDates.RunDueAsync(CancellationToken.None);
        await app.EndDates.RunDueAsync(CancellationToken.None);
        var reminder = await _channel.WaitForAsync(r => r.Carries($"IAM user `{leaver}` ({onboarding}) has access until {until}"), "the reminder");
        Assert.True(reminder.Carries("for one of you to decide"));
        Assert.Single(await app.AuditAsync("request.end-reminded", onboarding));
        Assert.Empty(await app.OffboardingsOfAsync(leaver));

        app.Time.Advance(TimeSpan.FromDays(7));
        await Task.WhenAll(app.EndDates.RunDueAsync(CancellationToken.None), app.EndDates.RunDueAsync(CancellationToken.None));
        await app.EndDates.RunDueAsync(CancellationToken.None);
        var proposal = Assert.Single(await app.OffboardingsOfAsync(leaver));
        await _channel.CardShowsAsync(proposal.Reference, "Pending: waiting for another approver of Platform");
        Assert.Equal(OffboardingOrigin.EndDate, proposal.Origin);
        Assert.False(proposal.Automatic);
        Assert.Single(await app.AuditAsync("offboarding.proposed", proposal.Reference));
        Assert.Single(await app.AuditAsync("request.end-date", onboarding));
        Assert.Empty(await app.AuditAsync("offboarding.approved", proposal.Reference));
        Assert.Equal(OffboardingStatus.Pending, (await app.OffboardingAsync(proposal.Reference)).Status);
        // Still there (LocalAws runs on the shifted clock, so the check signs with it: the app's clients, not the CLI).
        Assert.Equal(leaver, (await app.AwsClients().Iam.GetUserAsync(leaver)).UserName);
        Assert.Single(_channel.Requests, r => r.Carries($"IAM user `{leaver}` ({onboarding}) has access until"));

        // The request without a date: no reminder, no proposal.
        Assert.Empty(await app.OffboardingsOfAsync(stays));
        Assert.Empty(await app.AuditAsync("request.end-reminded", staysRequest));
        Assert.Null((await app.RequestAsync(staysRequest)).EndsOn);
    }

    [Fact]
    public async Task ATeamThatOptedInIsOffboardedOnTheDayWithoutADecisionAudited()
    {
        await using var app = new EndDateApp(auto: true);
        await app.InitializeAsync();
        var until = Day(app.Time.GetUtcNow().AddDays(10));
        var (leaver, _) = await OnboardUntilAsync(app, until);
        app.Time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));
        await app.EndDates.RunDueAsync(CancellationToken.None);

        var offboarding = Assert.Single(await app.OffboardingsOfAsync(leaver));
        await _channel.CardShowsAsync(offboarding.Reference, "the IAM user is deleted");
        await Assert.ThrowsAsync<NoSuchEntityException>(() => app.AwsClients().Iam.GetUserAsync(leaver));
        var approved = Assert.Single(await app.AuditAsync("offboarding.approved", offboarding.Reference));
        Assert.Equal(OffboardingRequest.SystemActor, approved.Actor);
        Assert.Contains("AutoOnEndDate", approved.Detail, StringComparison.Ordinal);
        Assert.True((await app.OffboardingAsync(offboarding.Reference)).Automatic);
    }

    [Fact]
    public async Task BadEndDatesAreRefusedWithAFriendlyMessageAndTheFormOffersADateInput()
    {
        await using var app = new EndDateApp();
        await app.InitializeAsync();
        var now = app.Time.GetUtcNow();
        foreach (var (until, says) in new[]
        {
            ("2020-01-01", "is not in the future"),
            (Day(now), "is not in the future"),
            ("31/12/2030", "please write it as yyyy-MM-dd"),
            (Day(now.AddDays(400)), "is too far ahead"),
        })
        {
            await app.SayAsync(_channel, Persona.Alex, $"request {ProvisioningKit.NewUserName()} Developers --until {until}", says);
        }

        await app.SayAsync(_channel, Persona.Alex, $"request {ProvisioningKit.NewUserName()} Developers --until", "`--until` needs the day access ends");
        await using (var scope = app.Database())
        {
            Assert.Equal(0, await scope.Db.Set<OnboardingBot.Requests.OnboardingRequest>().CountAsync());
        }

        var form = await app.SayAsync(_channel, Persona.Alex, "request", "Access ends on");
        var card = RequestKit.Cards(form).Single();
        Assert.Contains("\"Input.Date\"", card.ToJsonString(), StringComparison.Ordinal);
        await RequestKit.AssertSchemaValidAsync(card);
    }

    // alex asks 1:1 (with --until when given), morgan approves, and the setup completes.
    private async Task<(string UserName, string Reference)> OnboardUntilAsync(EndDateApp app, string? until)
    {
        var userName = ProvisioningKit.NewUserName();
        var asked = await app.SayAsync(_channel, Persona.Alex, $"request {userName} Developers" + (until is null ? "" : $" --until {until}"), "Thanks!");
        var reference = "REQ-" + new string([.. asked.Body.Split("REQ-")[1].TakeWhile(char.IsAsciiDigit)]);
        await app.MorganApprovesAsync(_channel, reference);
        await _channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries(reference) && r.Carries("sent privately to the new hire"), "the onboarding's end");
        return (userName, reference);
    }
}

/// <summary>Reading offboardings by user.</summary>
public static class EndDateKit
{
    public static async Task<List<OffboardingRequest>> OffboardingsOfAsync(this BotApp app, string userName)
    {
        await using var scope = app.Database();
        return await scope.Db.Set<OffboardingRequest>().AsNoTracking().Where(o => o.IamUserName == userName).ToListAsync();
    }
}
