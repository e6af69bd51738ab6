using System.Diagnostics;
using System.Text.Json.Nodes;
using OnboardingBot.Testing;

namespace OnboardingBot.Deployment.Tests.Azure;

/// <summary>deployment/azure/main.bicep as the pinned Bicep CLI compiles it: what Azure gets.</summary>
public sealed class AzureTemplateTests
{
    private static readonly Lazy<Task<JsonObject>> Compiled = new(CompileAsync);

    [Fact]
    public async Task AzureBotIsSingleTenantWithTheTeamsChannelAndTheHttpsMessagingEndpoint()
    {
        var bot = await ResourceAsync("Microsoft.BotService/botServices");
        var channel = await ResourceAsync("Microsoft.BotService/botServices/channels");

        Assert.Equal("SingleTenant", (string?)bot["properties"]!["msaAppType"]);
        Assert.Equal("[parameters('botAppId')]", (string?)bot["properties"]!["msaAppId"]);
        Assert.Equal("[parameters('tenantId')]", (string?)bot["properties"]!["msaAppTenantId"]);
        Assert.Contains("https://", (string?)(await Compiled.Value)["variables"]!["publicBaseUrl"], StringComparison.Ordinal);
        Assert.Contains("api/messages", (string?)bot["properties"]!["endpoint"], StringComparison.Ordinal);
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
        Assert.True((bool)channel["properties"]!["properties"]!["isEnabled"]!);
    }

    [Fact]
    public async Task AppServiceRunsDotnet10AlwaysOnWithTheHealthProbeAndOnlyHttps()
    {
        var app = await ResourceAsync("Microsoft.Web/sites");

        var config = app["properties"]!["siteConfig"]!;
        Assert.Equal("DOTNETCORE|10.0", (string?)config["linuxFxVersion"]);
        Assert.True((bool)config["alwaysOn"]!);
        Assert.Equal("/healthz", (string?)config["healthCheckPath"]);
        Assert.True((bool)app["properties"]!["httpsOnly"]!);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.NotNull(app["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public async Task SecretsAreKeyVaultReferencesTheAppsIdentityMayRead()
    {
        var template = await Compiled.Value;
        var settings = (string)(await ResourceAsync("Microsoft.Web/sites/config"))["properties"]!;
        var secrets = (await ResourcesAsync("Microsoft.KeyVault/vaults/secrets")).Select(s => (string)s["name"]!).ToList();
        var roles = await ResourcesAsync("Microsoft.Authorization/roleAssignments");

        foreach (var name in new[] { "MicrosoftAppPassword", "DatabaseConnectionString", "DataProtection" })
        {
            Assert.Contains(secrets, s => s.EndsWith($"'{name}')]", StringComparison.Ordinal));
        }

        Assert.Contains("'MicrosoftAppPassword', format('@Microsoft.KeyVault(SecretUri={0})'", settings, StringComparison.Ordinal);
        Assert.Contains("'Database__ConnectionString', format('@Microsoft.KeyVault(SecretUri={0})'", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('botAppPassword')", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('postgresAdminPassword')", settings, StringComparison.Ordinal);
        Assert.Contains("4633458b-17de-408a-b874-0445c86b69e6", (string?)template["variables"]!["keyVaultSecretsUser"], StringComparison.Ordinal);
        Assert.Contains(roles, r => ((string?)r["properties"]!["principalId"])?.Contains("userAssignedIdentities", StringComparison.Ordinal) == true
            && (string?)r["properties"]!["roleDefinitionId"] == "[variables('keyVaultSecretsUser')]");
        Assert.Single(await ResourcesAsync("Microsoft.DBforPostgreSQL/flexibleServers"));
    }

    [Fact]
    public async Task AppSettingsNameEveryProductionSettingTheTemplateOwns()
    {
        var settings = (string)(await ResourceAsync("Microsoft.Web/sites/config"))["properties"]!;

        // The rest of the rehearsal's settings (Onboarding:*, Aws:*, AWS credentials) come as extraAppSettings (README).
        foreach (var key in new[]
        {
            "ASPNETCORE_ENVIRONMENT", "MicrosoftAppType", "MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "Database__Provider",
            "Database__ConnectionString", "Credentials__PublicBaseUrl", "Credentials__SignIn__ClientId", "DataProtection__CertificatePath",
        })
        {
            Assert.Contains($"'{key}'", settings, StringComparison.Ordinal);
        }

        // Extra settings come first, so they can never replace what the template sets (secrets among them).
        Assert.StartsWith("[union(parameters('extraAppSettings'), createObject(", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputsGiveThePackageToolItsValues()
    {
        var outputs = (await Compiled.Value)["outputs"]!.AsObject();

        Assert.Equal(
            ["appName", "dataProtectionThumbprint", "keyVaultName", "messagingEndpoint", "microsoftAppId", "publicBaseUrl", "signInClientId", "teamsChannelEnabled"],
            outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    private static async Task<JsonNode> ResourceAsync(string type) => Assert.Single(await ResourcesAsync(type));

    private static async Task<List<JsonNode>> ResourcesAsync(string type)
    {
        var resources = (await Compiled.Value)["resources"]!;
        var all = resources is JsonObject named ? named.Select(r => r.Value!) : resources.AsArray().Select(r => r!);
        return [.. all.Where(r => (string?)r["type"] == type)];
    }

    private static async Task<JsonObject> CompileAsync()
    {
        var root = ReferenceFiles.RepositoryRoot;
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "bicep.sh"))
        {
            ArgumentList = { "build", "--stdout", Path.Combine(root, "deployment", "azure", "main.bicep") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && (await stderr).Length == 0, $"bicep build: {await stderr}");
        return JsonNode.Parse(await stdout)!.AsObject();
    }
}
