using Microsoft.EntityFrameworkCore;
using OnboardingBot.Aws.Errors;
using OnboardingBot.Aws.Iam;
using OnboardingBot.LocalAws.Tests.Support;
using OnboardingBot.Provisioning;
using OnboardingBot.Tests.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Provisioning;

/// <summary>An approved request becomes a working AWS login, once, without anyone but the new hire seeing it.</summary>
public abstract class ProvisioningFlowTests<TApp>(TApp app) : ChannelTests<TApp>(app)
    where TApp : RequestsApp
{
    [Fact]
    public async Task ApprovedRequestBecomesAUserWithGroupsConsoleAccessKeysAndOneSecret()
    {
        var userName = ProvisioningKit.NewUserName();
        var reference = await App.AlexRequestsAsync(Channel, userName, "Developers,ReadOnly", keysReason: "CI deploys from my laptop");
        await App.MorganApprovesAsync(Channel, reference);

        // The link goes privately to alex; the card shows each step for everyone.
        var token = await Channel.LinkTokenAsync(r => r.ConversationId?.StartsWith("a:alex", StringComparison.Ordinal) == true || r.Operation == "CreateConversation");
        Assert.Equal(43, token.Length);
        var run = await App.RunAsync(reference);
        Assert.Equal(ProvisioningStatus.Completed, run.Status);
        Assert.NotNull(run.UserCreatedAt);
        Assert.NotNull(run.GroupsAddedAt);
        Assert.NotNull(run.CredentialsSetAt);
        Assert.True(run.AccessKeyIssued);
        await Channel.WaitForAsync(r => r.Operation == "UpdateActivity" && r.Carries("sent privately to the new hire"), "the card's progress");

        // In the account: the user (path, tags), its groups, console access with a reset at first sign-in, one key, one secret.
        var aws = App.AwsClients();
        var user = await aws.Iam.GetUserAsync(userName);
        Assert.Equal("/onboarding/", user.Path);
        Assert.Contains(user.Tags, t => t.Key == ProvisioningSteps.RequestTag && t.Value == reference);
        Assert.Contains(user.Tags, t => t.Key == "onboarding:approver" && t.Value == Persona.Morgan.AadObjectId);
        Assert.Contains(user.Tags, t => t.Key == "onboarding:new-hire" && t.Value == Persona.Alex.AadObjectId);
        var groups = new List<string>();
        await foreach (var group in aws.Iam.ListAllGroupsForUserAsync(userName))
        {
            groups.Add(group.GroupName);
        }

        Assert.Equal(["Developers", "ReadOnly"], groups.Order());
        Assert.True((await aws.Iam.GetLoginProfileAsync(userName)).PasswordResetRequired);
        Assert.Single((await aws.Iam.ListAccessKeysAsync(userName)).Items);
        var secret = Assert.Single(await ProvisioningKit.SecretsOfAsync(aws, reference));
        Assert.Equal($"onboarding-bot/{reference}/credentials-1", secret);

        // The same, seen by the real AWS CLI.
        var cli = new AwsCli(App.Aws);
        var profile = await cli.RunAsync("iam", "get-login-profile", "--user-name", userName);
        Assert.Equal(0, profile.ExitCode);
        Assert.True((bool)profile.Json["LoginProfile"]!["PasswordResetRequired"]!);
        var described = await cli.RunAsync("secretsmanager", "describe-secret", "--secret-id", secret);
        Assert.Equal(0, described.ExitCode);
        Assert.Equal(secret, (string?)described.Json["Name"]);

        // The link message was stored encrypted and wiped once sent; the token itself is stored only as a hash.
        await using var scope = App.Database();
        var sensitive = await scope.Db.Outbox.AsNoTracking().Where(m => m.Sensitive).ToListAsync();
        Assert.NotEmpty(sensitive);
        Assert.All(sensitive.Where(m => m.State == OnboardingBot.Conversation.OutboxState.Sent), m => Assert.Null(m.ActivityJson));
        Assert.DoesNotContain(await scope.Db.Outbox.AsNoTracking().Select(m => m.ActivityJson).ToListAsync(), body => body != null && body.Contains(token, StringComparison.Ordinal));
        Assert.Single(await App.DeliveriesAsync(reference));
        Assert.Single(await App.AuditAsync("provisioning.delivered", reference));
    }

    [Fact]
    public async Task OutsideTheSandboxNobodySignsInAsAPersonaAndARevealNeedsASignIn()
    {
        using var browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var persona = await browser.PostAsync(new Uri("/credentials/sign-in", UriKind.Relative), new FormUrlEncodedContent([new("persona", "alex")]));
        Assert.Contains(persona.StatusCode, new[] { System.Net.HttpStatusCode.MethodNotAllowed, System.Net.HttpStatusCode.NotFound });
        Assert.False(persona.Headers.Contains("Set-Cookie"));

        using var reveal = await browser.PostAsync(new Uri("/credentials/open", UriKind.Relative), new FormUrlEncodedContent([new("t", new string('A', 43))]));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, reveal.StatusCode);
        Assert.DoesNotContain("Temporary password", await reveal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserSomeoneElseMadeIsAConflictForPeopleNotAdopted()
    {
        var userName = ProvisioningKit.NewUserName();
        var aws = App.AwsClients();
        await aws.Iam.CreateUserAsync(new Aws.Iam.Model.CreateUserRequest(userName));
        var reference = await App.AlexRequestsAsync(Channel, userName);
        await App.MorganApprovesAsync(Channel, reference);

        await Channel.WaitForAsync(r => r.Carries($"Setting up {reference}") && r.Carries("is paused") && r.Carries("was not made for"), "the conflict report");
        var run = await App.RunAsync(reference);
        Assert.Equal(ProvisioningStatus.Parked, run.Status);
        Assert.Equal(ProvisioningStep.CreateUser, run.Step);
        await Assert.ThrowsAsync<NoSuchEntityException>(() => aws.Iam.GetLoginProfileAsync(userName));
        Assert.Empty((await aws.Iam.GetUserAsync(userName)).Tags);
        Assert.Empty(await ProvisioningKit.SecretsOfAsync(aws, reference));
    }

    [Fact]
    public async Task AnApproverRejectsARunParkedOnAUserThatIsNotOursAndNothingInAwsIsTouched()
    {
        var userName = ProvisioningKit.NewUserName();
        var aws = App.AwsClients();
        await aws.Iam.CreateUserAsync(new Aws.Iam.Model.CreateUserRequest(userName) { Tags = [new("owner", "someone else")] });
        var reference = await App.AlexRequestsAsync(Channel, userName);
        await App.MorganApprovesAsync(Channel, reference);
        await Channel.WaitForAsync(r => r.Carries($"Setting up {reference}") && r.Carries("was not made for") && r.Carries($"reject {reference}"), "the conflict report naming the way out");

        // alex cannot reject their own request even now; morgan (an approver) can, with a reason.
        var alexChat = $"a:alex-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Alex, $"reject {reference} wrong name", Channel.ServiceUrl, alexChat)))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == alexChat && r.Carries("already approved"), "alex's refusal");
        var morganChat = $"a:morgan-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Morgan, $"reject {reference} that name belongs to the build user", Channel.ServiceUrl, morganChat)))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == morganChat && r.Carries($"{reference} is rejected"), "morgan's answer");
        await Channel.WaitForAsync(r => r.Carries($"was rejected by {Persona.Morgan.Name}: that name belongs to the build user"), "the people are told");
        Assert.Equal(OnboardingBot.Requests.RequestStatus.Rejected, (await App.RequestAsync(reference)).Status);
        Assert.Equal(ProvisioningStatus.Abandoned, (await App.RunAsync(reference)).Status);
        Assert.Single(await App.AuditAsync("request.rejected.after-approval", reference));

        // Twice is once; the other user is as it was: its own tag only, no login, no keys, no groups, no secret.
        var again = $"a:morgan-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Morgan, $"reject {reference} again", Channel.ServiceUrl, again)))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == again && r.Carries($"{reference} is already rejected; nothing changed."), "the second reject");
        var user = await aws.Iam.GetUserAsync(userName);
        Assert.Equal([("owner", "someone else")], user.Tags.Select(t => (t.Key, t.Value)));
        await Assert.ThrowsAsync<NoSuchEntityException>(() => aws.Iam.GetLoginProfileAsync(userName));
        Assert.Empty((await aws.Iam.ListAccessKeysAsync(userName)).Items);
        await foreach (var group in aws.Iam.ListAllGroupsForUserAsync(userName))
        {
            Assert.Fail($"{userName} joined {group.GroupName}");
        }

        Assert.Empty(await ProvisioningKit.SecretsOfAsync(aws, reference));
    }

    [Fact]
    public async Task ARejectOfARunThatIsNotParkedOnAConflictIsRefused()
    {
        var reference = await App.AlexRequestsAsync(Channel, ProvisioningKit.NewUserName());
        await App.MorganApprovesAsync(Channel, reference);
        await Channel.LinkTokenAsync();
        var chat = $"a:morgan-{Guid.NewGuid():N}";
        using (await App.PostAsync(Activities.Personal(Persona.Morgan, $"reject {reference} changed my mind", Channel.ServiceUrl, chat)))
        {
        }

        await Channel.WaitForAsync(r => r.ConversationId == chat && r.Carries($"{reference} is already approved; nothing changed."), "the refusal");
        Assert.Equal(OnboardingBot.Requests.RequestStatus.Approved, (await App.RequestAsync(reference)).Status);
        Assert.Equal(ProvisioningStatus.Completed, (await App.RunAsync(reference)).Status);
    }
}

public sealed class SqliteProvisioningFlowTests(SqliteRequestsApp app) : ProvisioningFlowTests<SqliteRequestsApp>(app);

public sealed class PostgresProvisioningFlowTests(PostgresRequestsApp app) : ProvisioningFlowTests<PostgresRequestsApp>(app);
