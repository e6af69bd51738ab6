using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Credentials;
using OnboardingBot.LocalAws;
using OnboardingBot.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

/// <summary>An account with a strict password policy and an alias: LocalAws enforces the policy, as IAM does.</summary>
public sealed class StrictAccountApp : RequestsApp
{
    public StrictAccountApp()
        : base(DatabaseKind.Sqlite)
    {
        AwsOptions.AccountAlias = "acme-onboarding";
        AwsOptions.PasswordPolicy = new LocalAwsPasswordPolicy
        {
            MinimumPasswordLength = 40,
            RequireSymbols = true,
            RequireNumbers = true,
            RequireUppercaseCharacters = true,
            RequireLowercaseCharacters = true,
        };
    }
}

/// <summary>Passwords meet the account's policy (or AWS's defaults); the sign-in URL carries the account alias.</summary>
public sealed class PasswordAndAliasTests(StrictAccountApp app) : ChannelTests<StrictAccountApp>(app)
{
    [Fact]
    public async Task ThePasswordMeetsAStrictAccountPolicyAndTheSignInUrlCarriesTheAlias()
    {
        var userName = ProvisioningKit.NewUserName();
        var reference = await App.AlexRequestsAsync(Channel, userName);
        await App.MorganApprovesAsync(Channel, reference);
        await Channel.LinkTokenAsync();

        var aws = App.AwsClients();
        var name = Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference));
        var bundle = await CredentialStore.ReadAsync(aws.SecretsManager, name, CancellationToken.None);
        Assert.NotNull(bundle);
        Assert.Equal("https://acme-onboarding.signin.aws.amazon.com/console", bundle.SignInUrl);
        Assert.Equal(userName, bundle.UserName);
        Assert.True(bundle.Password.Reveal().Length >= 40);
        Assert.True(PasswordGenerator.Satisfies(bundle.Password, await aws.Iam.GetAccountPasswordPolicyAsync()));
        Assert.Contains(App.Aws.Calls, c => c.Action == "CreateLoginProfile" && c.Succeeded);
        Assert.DoesNotContain(App.Aws.Calls, c => c.ErrorCode == "PasswordPolicyViolation");
    }

    [Theory]
    [InlineData(null, false, false, false, false)]
    [InlineData(6, false, false, false, false)]
    [InlineData(14, true, true, true, true)]
    [InlineData(128, true, true, true, true)]
    public void GeneratedPasswordsMeetEveryPolicy(int? minimum, bool symbols, bool numbers, bool upper, bool lower)
    {
        var policy = minimum is null ? null : new PasswordPolicy
        {
            MinimumPasswordLength = minimum,
            RequireSymbols = symbols,
            RequireNumbers = numbers,
            RequireUppercaseCharacters = upper,
            RequireLowercaseCharacters = lower,
        };
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate(policy);
            Assert.True(PasswordGenerator.Satisfies(password, policy));
            Assert.True(password.Reveal().Length >= Math.Max(20, minimum ?? 0));
            Assert.All(password.Reveal(), c => Assert.True(char.IsAsciiLetterOrDigit(c) || PasswordGenerator.Symbols.Contains(c, StringComparison.Ordinal)));
            Assert.True(seen.Add(password.Reveal()));
            Assert.Equal("[redacted]", password.ToString());
        }
    }

    [Fact]
    public void TheNewHiresMessageSpeaksTheConfiguredLanguageAndHoldsNoSecret()
    {
        var link = new Uri("https://onboarding.example.com/credentials/open?t=abc");
        var english = CredentialTexts.LinkMessage("en", "REQ-7", "alex", link, DateTimeOffset.UnixEpoch);
        var german = CredentialTexts.LinkMessage("de", "REQ-7", "alex", link, DateTimeOffset.UnixEpoch);
        Assert.Contains("Show my sign-in details once", english, StringComparison.Ordinal);
        Assert.Contains("set up MFA", english, StringComparison.Ordinal);
        Assert.Contains("Anmeldedaten einmalig anzeigen", german, StringComparison.Ordinal);
        Assert.Contains("MFA", german, StringComparison.Ordinal);
        Assert.All(new[] { english, german }, text => Assert.Contains(link.ToString(), text, StringComparison.Ordinal));
    }
}
