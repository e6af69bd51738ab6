using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Aws.Hosting;
using OnboardingBot.Credentials;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;
using OnboardingBot.Testing;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

/// <summary>Requests made and approved through the protocol, and what provisioning left behind.</summary>
public static partial class ProvisioningKit
{
    /// <summary>alex asks 1:1 in one line; returns the request's human id.</summary>
    public static Task<string> AlexRequestsAsync(this BotApp app, RecordingChannel channel, string userName, string groups = "Developers", string? keysReason = null) =>
        AlexRequestsAsync(a => app.PostAsync(a), channel, userName, groups, keysReason);

    /// <summary>morgan approves with the typed twin in a 1:1 chat.</summary>
    public static Task MorganApprovesAsync(this BotApp app, RecordingChannel channel, string reference) =>
        MorganApprovesAsync(a => app.PostAsync(a), channel, reference);

    /// <summary>alex asks 1:1 in one line, through <paramref name="post"/>; returns the request's human id.</summary>
    public static async Task<string> AlexRequestsAsync(Func<BotFramework.Schema.Activity, Task<HttpResponseMessage>> post, RecordingChannel channel, string userName, string groups = "Developers", string? keysReason = null)
    {
        ArgumentNullException.ThrowIfNull(post);
        var conversation = $"a:alex-{Guid.NewGuid():N}";
        var text = $"request {userName} {groups}" + (keysReason is null ? "" : $" --keys \"{keysReason}\"");
        using (await post(Activities.Personal(Persona.Alex, text, channel.ServiceUrl, conversation)))
        {
        }

        var reply = await channel.WaitForAsync(r => r.ConversationId == conversation && r.Carries("REQ-"), "alex's receipt");
        return Reference().Match(RequestKit.Readable(System.Text.Json.Nodes.JsonNode.Parse(reply.Body)!)).Value;
    }

    /// <summary>morgan approves with the typed twin in a 1:1 chat, through <paramref name="post"/>.</summary>
    public static async Task MorganApprovesAsync(Func<BotFramework.Schema.Activity, Task<HttpResponseMessage>> post, RecordingChannel channel, string reference)
    {
        ArgumentNullException.ThrowIfNull(post);
        var conversation = $"a:morgan-{Guid.NewGuid():N}";
        using (await post(Activities.Personal(Persona.Morgan, $"approve {reference}", channel.ServiceUrl, conversation)))
        {
        }

        await channel.WaitForAsync(r => r.ConversationId == conversation && r.Carries($"{reference} is approved"), "morgan's answer");
    }

    /// <summary>Waits for the private message holding a one-time link; returns its token.</summary>
    public static async Task<string> LinkTokenAsync(this RecordingChannel channel, Func<RecordedRequest, bool>? where = null, string? notToken = null)
    {
        var message = await channel.WaitForAsync(
            r => (where?.Invoke(r) ?? true) && Link().IsMatch(r.Body) && (notToken is null || !r.Body.Contains(notToken, StringComparison.Ordinal)),
            "a one-time link");
        return Link().Match(message.Body).Groups[1].Value;
    }

    /// <summary>The stored run of a request.</summary>
    public static async Task<ProvisioningRun> RunAsync(this BotApp app, string reference)
    {
        Assert.True(OnboardingRequest.TryParseReference(reference, out var id));
        await using var scope = app.Database();
        return await scope.Db.Set<ProvisioningRun>().AsNoTracking().SingleAsync(r => r.RequestId == id);
    }

    /// <summary>The stored deliveries of a request.</summary>
    public static async Task<List<CredentialDelivery>> DeliveriesAsync(this BotApp app, string reference)
    {
        Assert.True(OnboardingRequest.TryParseReference(reference, out var id));
        await using var scope = app.Database();
        return await scope.Db.Set<CredentialDelivery>().AsNoTracking().Where(d => d.RequestId == id).ToListAsync();
    }

    /// <summary>The account administrator's AWS clients (its LocalAws), to seed and inspect what the bot did.</summary>
    public static AwsClients AwsClients(this BotApp app) => app.AdminClients();

    /// <summary>The names of the live (not deleted) secrets of a request.</summary>
    public static async Task<List<string>> SecretsOfAsync(AwsClients aws, string reference)
    {
        var names = new List<string>();
        string? next = null;
        do
        {
            var page = await aws.SecretsManager.ListSecretsAsync(next);
            names.AddRange(page.SecretList.Where(s => s.DeletedDate is null && s.Tags.Any(t => t.Key == CredentialStore.RequestTag && t.Value == reference)).Select(s => s.Name));
            next = page.NextToken;
        }
        while (next is not null);
        return names;
    }

    /// <summary>A fresh IAM user name.</summary>
    public static string NewUserName() => $"u{Guid.NewGuid():N}"[..18];

    [GeneratedRegex(@"REQ-\d+")]
    private static partial Regex Reference();

    [GeneratedRegex(@"/credentials/open\?t=([A-Za-z0-9_-]{43})")]
    private static partial Regex Link();
}
