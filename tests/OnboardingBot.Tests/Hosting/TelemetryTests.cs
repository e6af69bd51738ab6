using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Hosting;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OnboardingBot.Tests.Hosting;

/// <summary>
/// The real app with OpenTelemetry's in-memory exporters: a turn's server span, the bot's turn span, the outbox send and
/// its Connector call share one trace; the turn counter moves; no tag carries a secret or what a person wrote.
/// </summary>
public sealed class TelemetryTests(TelemetryApp app) : ChannelTests<TelemetryApp>(app)
{
    [Fact]
    public async Task ATurnAndItsConnectorCallShareOneTrace()
    {
        var activity = Activities.Personal(Persona.Alex, "help", Channel.ServiceUrl);
        using (await App.PostAsync(activity))
        {
        }

        await Channel.WaitForRequestsAsync(1);
        var turn = await App.Spans.WaitForAsync(
            s => s.Source.Name == BotTelemetry.Name && s.OperationName == "turn message" && (string?)s.GetTagItem("bot.activity.id") == activity.Id, "the turn span");
        var server = await App.Spans.WaitForAsync(
            s => s.Kind == ActivityKind.Server && s.SpanId == turn.ParentSpanId, "the server span of POST /api/messages");
        var send = await App.Spans.WaitForAsync(
            s => s.Source.Name == BotTelemetry.Name && s.OperationName == "outbox Send" && s.TraceId == turn.TraceId, "the outbox send in the turn's trace");
        var connector = await App.Spans.WaitForAsync(
            s => s.Kind == ActivityKind.Client && s.TraceId == turn.TraceId && s.ParentSpanId == send.SpanId
                 && ((string?)s.GetTagItem("url.full"))?.StartsWith(Channel.ServiceUrl.TrimEnd('/'), StringComparison.Ordinal) == true,
            "the Connector call under the outbox send");

        Assert.Equal("/api/messages", server.GetTagItem("url.path"));
        Assert.Equal(server.TraceId, connector.TraceId);
        Assert.Equal("sent", send.GetTagItem("bot.outcome"));
        Assert.Equal("help", turn.GetTagItem("bot.command"));
        Assert.Equal("ok", turn.GetTagItem("bot.outcome"));
    }

    [Fact]
    public async Task AnApprovalsProvisioningStepsAndTheirAwsCallsJoinItsTraceAndTheStagesAreTimed()
    {
        var reference = await App.AlexRequestsAsync(Channel, ProvisioningKit.NewUserName());
        var conversation = $"a:morgan-{Guid.NewGuid():N}";
        var approve = Activities.Personal(Persona.Morgan, $"approve {reference}", Channel.ServiceUrl, conversation);
        using (await App.PostAsync(approve))
        {
        }

        var approval = await App.Spans.WaitForAsync(s => s.OperationName == "turn message" && (string?)s.GetTagItem("bot.activity.id") == approve.Id, "the approval's turn span");
        var createUser = await App.Spans.WaitForAsync(
            s => s.Source.Name == BotTelemetry.Name && s.OperationName == "provisioning CreateUser" && s.TraceId == approval.TraceId, "the CreateUser step in the approval's trace");
        var iam = await App.Spans.WaitForAsync(
            s => s.Kind == ActivityKind.Client && s.ParentSpanId == createUser.SpanId
                 && ((string?)s.GetTagItem("url.full"))?.StartsWith(App.Aws.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal) == true,
            "an AWS call under the CreateUser step");
        var deliver = await App.Spans.WaitForAsync(
            s => s.Source.Name == BotTelemetry.Name && s.OperationName == "provisioning Deliver" && s.TraceId == approval.TraceId, "the Deliver step in the approval's trace");

        Assert.Equal("approve", approval.GetTagItem("bot.command"));
        Assert.Equal("done", createUser.GetTagItem("bot.outcome"));
        Assert.Equal("done", deliver.GetTagItem("bot.outcome"));
        Assert.Equal(approval.TraceId, iam.TraceId);
        Assert.True(StageCount(OnboardingStage.Approval) >= 1, "the approval stage was not timed");
        Assert.True(StageCount(OnboardingStage.Provisioning) >= 1, "the provisioning stage was not timed");
    }

    [Fact]
    public async Task EachTurnCountsOnceByTypeAndOutcome()
    {
        var before = TurnCount("message", "ok");
        var activity = Activities.Personal(Persona.Morgan, "help", Channel.ServiceUrl);
        using (await App.PostAsync(activity))
        {
        }

        using (await App.PostAsync(activity)) // the same delivery again: a duplicate, not a second turn
        {
        }

        await Channel.WaitForRequestsAsync(1);
        Assert.Equal(before + 1, TurnCount("message", "ok"));
        Assert.True(TurnCount("message", "duplicate") >= 1, "the duplicate delivery was not counted as one");
    }

    [Fact]
    public async Task TheOutboxGaugesShowAMessageStuckBehindAnOutage()
    {
        await using var down = await RecordingChannel.StartAsync();
        down.GoDown(503);
        using (await App.PostAsync(Activities.Personal(Persona.Riley, "help", down.ServiceUrl)))
        {
        }

        await down.WaitForRequestsAsync(1); // its first attempt failed
        var before = await PendingAsync();
        var pending = Gauge("onboardingbot.outbox.pending");
        var age = Gauge("onboardingbot.outbox.oldest_pending.age");
        var after = await PendingAsync();
        down.ComeBack();

        Assert.InRange(pending, Math.Max(1, after), before);
        Assert.True(age > 0, "the oldest pending message has no age");
        Assert.Equal(0, Gauge("onboardingbot.provisioning.parked"));
    }

    [Fact]
    public async Task NoTagHoldsASecretATokenOrWhatAPersonWrote()
    {
        const string Written = "my-password-is-Tr0ub4dor";
        var token = new string('Q', 43);
        using (await App.PostAsync(Activities.Personal(Persona.Alex, Written, Channel.ServiceUrl)))
        {
        }

        using var browser = App.CreateClient();
        using (await browser.GetAsync(new Uri($"/credentials/open?t={token}", UriKind.Relative)))
        {
        }

        await Channel.WaitForRequestsAsync(1);
        await App.Spans.WaitForAsync(s => s.Kind == ActivityKind.Server && ((string?)s.GetTagItem("url.path"))?.StartsWith("/credentials", StringComparison.Ordinal) == true, "the link page's span");
        await App.Spans.WaitForAsync(s => s.Kind == ActivityKind.Client && ((string?)s.GetTagItem("url.full"))?.StartsWith(Channel.ServiceUrl.TrimEnd('/'), StringComparison.Ordinal) == true, "a Connector call");
        var values = App.Spans.Snapshot()
            .SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(s.DisplayName).Append(s.StatusDescription ?? ""))
            .ToList();

        Assert.NotEmpty(values);
        foreach (var secret in new[] { Written, token, "test-client-secret", "Bearer " })
        {
            Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(values, v => v.Contains("?t=", StringComparison.Ordinal));
    }

    private long TurnCount(string type, string outcome) =>
        Points("onboardingbot.turns", t => Equals(t.GetValueOrDefault("activity.type"), type) && Equals(t.GetValueOrDefault("outcome"), outcome))
            .Sum(p => p.GetSumLong());

    private double Gauge(string name) => Points(name, _ => true).Select(p => p.GetGaugeLastValueDouble()).Single();

    private async Task<int> PendingAsync()
    {
        await using var scope = App.Database();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            scope.Db.Outbox, m => m.State == OnboardingBot.Conversation.OutboxState.Pending);
    }

    private long StageCount(string stage) =>
        Points("onboardingbot.onboarding.stage.duration", t => Equals(t.GetValueOrDefault("stage"), stage)).Sum(p => p.GetHistogramCount());

    // The latest export of the metric (cumulative), its points whose tags match.
    private List<MetricPoint> Points(string metric, Func<Dictionary<string, object?>, bool> match)
    {
        App.Services.GetRequiredService<MeterProvider>().ForceFlush();
        // Other tests' apps in this process have meters of the same name: only this app's instance counts.
        var instance = App.Services.GetRequiredService<BotMetrics>().InstanceId;
        var latest = App.Metrics.Snapshot().LastOrDefault(m => m.Name == metric && m.MeterTags?.Any(t => t.Key == "service.instance.id" && Equals(t.Value, instance)) == true);
        var points = new List<MetricPoint>();
        if (latest is null)
        {
            return points;
        }

        foreach (var point in latest.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            if (match(tags))
            {
                points.Add(point);
            }
        }

        return points;
    }
}

/// <summary>The real app (team Platform's catalogue) on SQLite with in-memory trace and metric exporters.</summary>
public sealed class TelemetryApp : RequestsApp
{
    public TelemetryApp()
        : base(DatabaseKind.Sqlite)
    {
        Overrides["Telemetry:Enabled"] = "true"; // the in-memory exporters below read what an exporting app records
    }

    public RecordedCollection<Activity> Spans { get; } = new();

    public RecordedCollection<Metric> Metrics { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(Spans)); // as an exporting app samples
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
        });
    }
}

/// <summary>A thread-safe collection for the in-memory exporters that a test can wait on (no sleeping).</summary>
public sealed class RecordedCollection<T> : ICollection<T>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly List<T> _items = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiters = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    /// <summary>The first item that matches, now or when it is exported; fails naming <paramref name="what"/> after 20 s.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what)
    {
        TaskCompletionSource<T> done;
        lock (_items)
        {
            foreach (var item in _items)
            {
                if (match(item))
                {
                    return item;
                }
            }

            done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(Wait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} was exported within {Wait.TotalSeconds:0} s.");
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(item))
                {
                    _waiters[i].Done.TrySetResult(item);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
