using System.Text.RegularExpressions;

using OnboardingBot.LocalAws.Authorization;
using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Sts;

/// <summary>
/// STS, minimal: GetCallerIdentity and AssumeRole. A role of this account can be assumed when its trust policy lets
/// the caller (with its conditions, such as <c>sts:ExternalId</c>); another account's is AccessDenied. The session
/// credentials it returns sign later requests and are held to the role's policies.
/// </summary>
internal static partial class StsApi
{
    public const string Version = "2011-06-15";

    public static bool Handles(string action) => action is "GetCallerIdentity" or "AssumeRole";

    public static object? Handle(OperationContext context, QueryParams parameters)
    {
        var action = parameters.Get("Action") ?? "";
        var version = parameters.Get("Version");
        if (!Handles(action) || (version is not null && version != Version))
        {
            throw new AwsErrorException("InvalidAction", $"Could not find operation {action} for version {version ?? Version}", 400);
        }

        return action == "AssumeRole" ? AssumeRole(context, parameters) : GetCallerIdentity(context);
    }

    private static object GetCallerIdentity(OperationContext context) =>
        new[] { E("Arn", context.Caller.Arn), E("UserId", context.Caller.UserId), E("Account", context.AccountId) };

    private static object AssumeRole(OperationContext context, QueryParams parameters)
    {
        var roleArn = parameters.Required("RoleArn");
        var sessionName = parameters.Required("RoleSessionName");
        var duration = parameters.GetInt("DurationSeconds") ?? 3600;
        var errors = new List<string>();
        if (roleArn.Length is < 20 or > 2048)
        {
            errors.Add($"Value '{roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }

        if (!SessionName().IsMatch(sessionName))
        {
            errors.Add($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        if (duration is < 900 or > 43200)
        {
            errors.Add($"Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }

        if (errors.Count > 0)
        {
            throw AwsErrorException.Validation(ServiceModel.Describe(errors));
        }

        var match = RoleArn().Match(roleArn);
        var roleName = match.Success ? match.Groups["name"].Value.Split('/')[^1] : "";
        var trustRequest = new AuthorizationRequest("sts:AssumeRole", roleArn)
            .With("sts:ExternalId", parameters.Get("ExternalId"))
            .With("sts:RoleSessionName", sessionName);
        if (!match.Success || match.Groups["account"].Value != context.AccountId
            || !context.State.Roles.TryGetValue(roleName, out var role) || role.Arn != roleArn || !Authorizer.Trusts(context, role, trustRequest))
        {
            throw new AwsErrorException(
                "AccessDenied", $"User: {context.Caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        }

        if (duration > role.MaxSessionDuration)
        {
            throw AwsErrorException.Validation(
                $"The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        var session = new SessionState
        {
            AccessKeyId = Ids.SessionAccessKeyId(),
            SecretAccessKey = Ids.SecretAccessKey(),
            SessionToken = Ids.SessionToken(),
            Expiration = context.Now.AddSeconds(duration),
            AssumedRoleArn = $"arn:aws:sts::{context.AccountId}:assumed-role/{role.RoleName}/{sessionName}",
            AssumedRoleId = $"{role.RoleId}:{sessionName}",
        };
        context.State.Sessions[session.AccessKeyId] = session;
        return new object[]
        {
            E("Credentials",
                E("AccessKeyId", session.AccessKeyId),
                E("SecretAccessKey", session.SecretAccessKey),
                E("SessionToken", session.SessionToken),
                E("Expiration", Iso(session.Expiration))),
            E("AssumedRoleUser", E("AssumedRoleId", session.AssumedRoleId), E("Arn", session.AssumedRoleArn)),
            E("PackedPolicySize", 0),
        };
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_+=,.@-]{2,64}$")]
    private static partial Regex SessionName();

    [GeneratedRegex(@"^arn:aws:iam::(?<account>\d{12}):role(?<name>/.+)$")]
    private static partial Regex RoleArn();
}
