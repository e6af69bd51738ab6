using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Access keys: at most two per user; the secret is returned once, at creation. Issued keys sign requests.</summary>
internal static class AccessKeys
{
    private const int KeysPerUser = 2;

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["CreateAccessKey"] = CreateAccessKey;
        operations["ListAccessKeys"] = ListAccessKeys;
        operations["GetAccessKeyLastUsed"] = GetAccessKeyLastUsed;
        operations["UpdateAccessKey"] = UpdateAccessKey;
        operations["DeleteAccessKey"] = DeleteAccessKey;
    }

    private static IamUser TargetUser(OperationContext context, QueryParams parameters, bool read = false) =>
        UserNameOrCaller(context, parameters) is { } name
            ? read ? ReadUser(context, name) : FindUser(context, name)
            : throw AwsErrorException.Validation("LocalAws does not model the root user's access keys; pass UserName.");

    private static AccessKeyState FindKey(IamUser user, string accessKeyId) =>
        user.AccessKeys.FirstOrDefault(k => k.AccessKeyId == accessKeyId)
            ?? throw AwsErrorException.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");

    private static object CreateAccessKey(OperationContext context, QueryParams parameters)
    {
        var user = TargetUser(context, parameters);
        if (user.AccessKeys.Count >= KeysPerUser)
        {
            throw AwsErrorException.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {KeysPerUser}");
        }

        var key = new AccessKeyState
        {
            AccessKeyId = Ids.AccessKeyId(),
            SecretAccessKey = Ids.SecretAccessKey(),
            Status = "Active",
            CreateDate = context.Now,
        };
        user.AccessKeys.Add(key);
        return E("AccessKey",
            E("UserName", user.UserName),
            E("AccessKeyId", key.AccessKeyId),
            E("Status", key.Status),
            E("SecretAccessKey", key.SecretAccessKey),
            E("CreateDate", Iso(key.CreateDate)));
    }

    private static object ListAccessKeys(OperationContext context, QueryParams parameters)
    {
        var user = TargetUser(context, parameters, read: true);
        return Page(parameters, user.AccessKeys, k => k.AccessKeyId, "AccessKeyMetadata", k => E("member",
            E("UserName", user.UserName),
            E("AccessKeyId", k.AccessKeyId),
            E("Status", k.Status),
            E("CreateDate", Iso(k.CreateDate))));
    }

    private static object GetAccessKeyLastUsed(OperationContext context, QueryParams parameters)
    {
        var id = parameters.Required("AccessKeyId");
        foreach (var user in context.State.Users.Values)
        {
            if (user.AccessKeys.FirstOrDefault(k => k.AccessKeyId == id) is { } key)
            {
                return new object[]
                {
                    E("UserName", user.UserName),
                    E("AccessKeyLastUsed",
                        key.LastUsedDate is { } used ? E("LastUsedDate", Iso(used)) : null,
                        E("ServiceName", key.LastUsedService ?? "N/A"),
                        E("Region", key.LastUsedRegion ?? "N/A")),
                };
            }
        }

        throw new AwsErrorException("AccessDenied", $"User: {context.Caller.Arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key {id}", 403);
    }

    private static object? UpdateAccessKey(OperationContext context, QueryParams parameters)
    {
        var key = FindKey(TargetUser(context, parameters), parameters.Required("AccessKeyId"));
        key.Status = parameters.Required("Status");
        return null;
    }

    private static object? DeleteAccessKey(OperationContext context, QueryParams parameters)
    {
        var user = TargetUser(context, parameters);
        user.AccessKeys.Remove(FindKey(user, parameters.Required("AccessKeyId")));
        return null;
    }
}
