using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OnboardingBot.Conversation;
using OnboardingBot.Conversation.Commands;
using OnboardingBot.Manifest;

namespace OnboardingBot.Manifest.Tests;

/// <summary>The manifest's command menus are what <c>help</c> offers in each scope, from the real app's command table.</summary>
public sealed class CommandListTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"onboardingbot-manifest-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program> _app = null!;

    public static TheoryData<string, CommandScope> Scopes => new() { { "personal", CommandScope.Personal }, { "team", CommandScope.Team } };

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["MicrosoftAppId"] = Guid.NewGuid().ToString(),
                ["MicrosoftAppPassword"] = "unused",
                ["MicrosoftAppTenantId"] = Guid.NewGuid().ToString(),
                ["Database:ConnectionString"] = $"Data Source={_database}",
                ["Credentials:PublicBaseUrl"] = "https://onboarding.rehearsal.test/",
                ["Credentials:SignIn:ClientId"] = Guid.NewGuid().ToString(),
                ["DataProtection:CertificatePath"] = OnboardingBot.Testing.TestCertificates.DataProtectionPfxPath,
                ["Logging:LogLevel:Default"] = "Warning",
            })
            {
                web.UseSetting(key, value);
            }
        });
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task EachScopesMenuIsWhatHelpOffersAnyoneSignedInThere(string scope, CommandScope commandScope)
    {
        await using var services = _app.Services.CreateAsyncScope();
        var commands = services.ServiceProvider.GetServices<IBotCommand>().ToList();
        // Everyone in Teams sees the menu, so it lists what help offers a requester (no admin words), in help's order;
        // past Teams' limit the first ones in that order stay.
        var offered = HelpCommand.Offered(new CallerRoles(Role.Requester, []), commandScope, commands)
            .Take(PackageValidator.MaxCommandsPerList)
            .Select(c => (c.Name, c.Summary.Replace("`", "", StringComparison.Ordinal)));

        var menu = Menu(scope).Select(c => ((string)c!["title"]!, (string)c["description"]!));

        Assert.Equal(offered, menu);
        Assert.Contains(commands, c => c.RequiredRole == Role.Admin);
    }

    [Fact]
    public void BotScopesAreExactlyTheScopesWithAMenu()
    {
        var bot = TemplateTests.Manifest()["bots"]![0]!;

        var scopes = bot["scopes"]!.AsArray().Select(s => (string)s!).Order(StringComparer.Ordinal);
        var withMenus = bot["commandLists"]!.AsArray().SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string)s!)).Order(StringComparer.Ordinal);

        Assert.Equal(scopes, withMenus);
        // Requests and MFA happen in a team's channel or the 1:1 chat; the bot refuses requests in group chats.
        Assert.Equal(["personal", "team"], scopes);
    }

    private static JsonArray Menu(string scope) =>
        TemplateTests.Manifest()["bots"]![0]!["commandLists"]!.AsArray()
            .Single(l => l!["scopes"]!.AsArray().Select(s => (string?)s).SequenceEqual([scope]))!["commands"]!.AsArray();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }
}
