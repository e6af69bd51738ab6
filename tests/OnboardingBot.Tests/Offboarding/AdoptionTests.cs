using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Offboarding;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Offboarding;

/// <summary>Platform with a second admin (riley), so one admin can adopt a user and another decide it.</summary>
public sealed class TwoAdminsApp : RequestsApp
{
    public TwoAdminsApp()
        : base(DatabaseKind.Sqlite) => Overrides["Onboarding:Admins:1"] = Persona.Riley.AadObjectId;
}

/// <summary><c>offboard adopt</c>: a user the bot did not create, asked by an admin, decided by a second admin, then the leaver workflow.</summary>
public sealed class AdoptionTests(TwoAdminsApp app) : ChannelTests<TwoAdminsApp>(app)
{
    [Fact]
    public async Task AnAdminAdoptsAUserTheBotDidNotCreateASecondAdminApprovesAndTheUserIsRemoved()
    {
        // Made by hand under the bot's path, without the bot's request tag; first not handed to the bot, so refused.
        var user = "hand." + Provisioning.ProvisioningKit.NewUserName();
        var cli = new AwsCli(App.Aws);
        Assert.Equal(0, (await cli.RunAsync("iam", "create-user", "--user-name", user, "--path", "/onboarding/")).ExitCode);
        var early = await App.SayAsync(Channel, Persona.Sam, $"offboard adopt {user} --reason \"left\"", "which I did not create");
        var refused = "OFF-" + new string([.. early.Body.Split("OFF-")[1].TakeWhile(char.IsAsciiDigit)]);
        await Channel.CardShowsAsync(refused, "is not handed to me");
        Assert.Equal(0, (await cli.RunAsync("iam", "tag-user", "--user-name", user, "--tags", "Key=onboarding:managed-by,Value=OnboardingBot")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("iam", "add-user-to-group", "--user-name", user, "--group-name", "Developers")).ExitCode);
        await App.SayAsync(Channel, Persona.Morgan, $"offboard adopt {user} --reason \"left in May\"", "Only an admin can adopt");
        await App.SayAsync(Channel, Persona.Sam, $"offboard adopt {user}", "Please name the IAM user and say why, like `offboard adopt");
        var (made, _) = await App.OnboardedUserAsync(Channel);
        await App.SayAsync(Channel, Persona.Sam, $"offboard adopt {made} --reason \"left\"", $"I created `{made}`, so there is nothing to adopt");

        var asked = await App.SayAsync(Channel, Persona.Sam, $"offboard adopt {user} --reason \"made by hand in 2023, left in May\"", "which I did not create");
        var reference = "OFF-" + new string([.. asked.Body.Split("OFF-")[1].TakeWhile(char.IsAsciiDigit)]);
        await Channel.CardShowsAsync(reference, "Pending: adopting a user I did not create; a second admin decides");
        Assert.Equal(OffboardingOrigin.Adoption, (await App.OffboardingAsync(reference)).Origin);
        Assert.Single(await App.AuditAsync("offboarding.adopt", reference));

        await App.SayAsync(Channel, Persona.Morgan, $"offboard approve {reference}", "only a second admin decides it");
        await App.SayAsync(Channel, Persona.Sam, $"offboard approve {reference}", "so you can't approve it yourself");
        await App.SayAsync(Channel, Persona.Riley, $"offboard approve {reference}", $"{reference} is approved");
        await Channel.CardShowsAsync(reference, "the IAM user is deleted");
        Assert.Equal("NoSuchEntity", (await cli.RunAsync("iam", "get-user", "--user-name", user)).ErrorCode);
        Assert.Equal(Persona.Riley.AadObjectId, (await App.OffboardingAsync(reference)).DecidedBy);
    }
}
