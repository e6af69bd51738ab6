using System.Globalization;
using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation.Commands;

/// <summary>A capability's lines in the admins' <c>status</c> (ids, steps and counts only; never a secret).</summary>
public interface IStatusReport
{
    /// <summary>Where its lines go (lower first).</summary>
    int Order { get; }

    /// <summary>Reads the lines from the database (a few cheap, indexed queries).</summary>
    Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <c>status</c> (admins only): the outbox queue and its oldest pending message, then each capability's
/// <see cref="IStatusReport"/> (parked runs, offboardings, MFA enrollments), and the instance's version.
/// </summary>
internal sealed class StatusCommand(OnboardingDbContext db, IEnumerable<IStatusReport> reports, TimeProvider time)
    : BotCommand("status", "status", "what operators watch: the outbox queue and its oldest message, parked runs, offboardings and MFA enrollments waiting, this instance's version", Role.Admin)
{
    public override async ValueTask ExecuteAsync(TurnContext turn, CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var (pending, oldest) = await BotMetrics.OutboxBacklogAsync(db, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var lines = new List<string>
        {
            $"**Status** of OnboardingBot {BotTelemetry.Version} on instance `{Environment.MachineName}`",
            pending == 0
                ? "- Outbox: empty, nothing waits to be sent."
                : $"- Outbox: {pending.ToString(CultureInfo.InvariantCulture)} message{(pending == 1 ? "" : "s")} waiting; the oldest for {Age(oldest)}.",
        };
        foreach (var report in reports.OrderBy(r => r.Order))
        {
            lines.AddRange((await report.ReadAsync(cancellationToken).ConfigureAwait(false)).Select(l => "- " + l));
        }

        turn.Reply(string.Join("\n", lines));
        turn.Audit("command.status", detail: $"outbox {pending.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>A short age: 45 s, 12 min, 3 h 5 min, 2 d 4 h.</summary>
    internal static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => $"{Math.Max(0, (int)age.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } => $"{((int)age.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min",
        { TotalDays: < 1 } => $"{((int)age.TotalHours).ToString(CultureInfo.InvariantCulture)} h {age.Minutes.ToString(CultureInfo.InvariantCulture)} min",
        _ => $"{((int)age.TotalDays).ToString(CultureInfo.InvariantCulture)} d {age.Hours.ToString(CultureInfo.InvariantCulture)} h",
    };
}
