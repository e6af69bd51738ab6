using OnboardingBot.LocalAws.Tests.Support;

namespace OnboardingBot.LocalAws.Tests.Cli;

public sealed class CliUsersAndGroupsTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;
    private AwsCli _aws = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalAwsServer.StartAsync();
        _aws = new AwsCli(_server);
    }

    public async Task DisposeAsync()
    {
        _aws.DeleteTempDirectory();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task UserLifecycleWorksThroughTheRealCli()
    {
        var created = await _aws.OkAsync("iam", "create-user", "--user-name", "alice", "--path", "/staff/",
            "--permissions-boundary", "arn:aws:iam::aws:policy/PowerUserAccess", "--tags", "Key=team,Value=platform");
        Assert.Equal("arn:aws:iam::000000000000:user/staff/alice", created.Json["User"]!["Arn"]!.GetValue<string>());
        Assert.StartsWith("AIDA", created.Json["User"]!["UserId"]!.GetValue<string>(), StringComparison.Ordinal);

        await _aws.FailsWithAsync("EntityAlreadyExists", "iam", "create-user", "--user-name", "ALICE");
        await _aws.FailsWithAsync("NoSuchEntity", "iam", "get-user", "--user-name", "nobody");

        await _aws.OkAsync("iam", "tag-user", "--user-name", "alice", "--tags", "Key=team,Value=security", "Key=cost,Value=42");
        var user = (await _aws.OkAsync("iam", "get-user", "--user-name", "alice")).Json["User"]!;
        Assert.Equal("arn:aws:iam::aws:policy/PowerUserAccess", user["PermissionsBoundary"]!["PermissionsBoundaryArn"]!.GetValue<string>());
        Assert.Contains(user["Tags"]!.AsArray(), t => t!["Key"]!.GetValue<string>() == "team" && t["Value"]!.GetValue<string>() == "security");

        await _aws.OkAsync("iam", "create-user", "--user-name", "bob");
        var paged = (await _aws.OkAsync("iam", "list-users", "--max-items", "1")).Json;
        Assert.Single(paged["Users"]!.AsArray());
        Assert.NotNull(paged["NextToken"]);

        await _aws.OkAsync("iam", "add-user-to-group", "--user-name", "alice", "--group-name", "Developers");
        var groups = (await _aws.OkAsync("iam", "list-groups-for-user", "--user-name", "alice")).Json["Groups"]!.AsArray();
        Assert.Equal("Developers", Assert.Single(groups)!["GroupName"]!.GetValue<string>());
        var allGroups = (await _aws.OkAsync("iam", "list-groups")).Json["Groups"]!.AsArray();
        Assert.Equal(["Administrators", "Developers", "ReadOnly"], allGroups.Select(g => g!["GroupName"]!.GetValue<string>()));
        var group = (await _aws.OkAsync("iam", "get-group", "--group-name", "Developers")).Json;
        Assert.Equal("alice", Assert.Single(group["Users"]!.AsArray())!["UserName"]!.GetValue<string>());
        var groupPolicies = (await _aws.OkAsync("iam", "list-attached-group-policies", "--group-name", "Developers")).Json["AttachedPolicies"]!.AsArray();
        Assert.Equal("arn:aws:iam::aws:policy/PowerUserAccess", Assert.Single(groupPolicies)!["PolicyArn"]!.GetValue<string>());

        await _aws.FailsWithAsync("DeleteConflict", "iam", "delete-user", "--user-name", "alice");
        await _aws.OkAsync("iam", "remove-user-from-group", "--user-name", "alice", "--group-name", "Developers");
        await _aws.OkAsync("iam", "delete-user", "--user-name", "alice");
    }

    [Fact]
    public async Task PoliciesAttachListAndDetachThroughTheRealCli()
    {
        await _aws.OkAsync("iam", "create-user", "--user-name", "carol");
        await _aws.OkAsync("iam", "attach-user-policy", "--user-name", "carol", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        await _aws.FailsWithAsync("NoSuchEntity", "iam", "attach-user-policy", "--user-name", "carol", "--policy-arn", "arn:aws:iam::000000000000:policy/Missing");
        var attached = (await _aws.OkAsync("iam", "list-attached-user-policies", "--user-name", "carol")).Json["AttachedPolicies"]!.AsArray();
        Assert.Equal("ReadOnlyAccess", Assert.Single(attached)!["PolicyName"]!.GetValue<string>());

        var entities = (await _aws.OkAsync("iam", "list-entities-for-policy", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")).Json;
        Assert.Equal("carol", Assert.Single(entities["PolicyUsers"]!.AsArray())!["UserName"]!.GetValue<string>());
        Assert.Equal("ReadOnly", Assert.Single(entities["PolicyGroups"]!.AsArray())!["GroupName"]!.GetValue<string>());

        await _aws.OkAsync("iam", "put-user-policy", "--user-name", "carol", "--policy-name", "inline",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""");
        var inline = (await _aws.OkAsync("iam", "list-user-policies", "--user-name", "carol")).Json["PolicyNames"]!.AsArray();
        Assert.Equal("inline", Assert.Single(inline)!.GetValue<string>());

        await _aws.OkAsync("iam", "detach-user-policy", "--user-name", "carol", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    }
}
