using OnboardingBot.Aws.Protocol;
using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<LoginProfile> CreateLoginProfileAsync(string userName, Secret password, bool passwordResetRequired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        var query = Query("CreateLoginProfile")
            .Add("UserName", userName)
            .Add("Password", password.Reveal())
            .Add("PasswordResetRequired", passwordResetRequired);
        return SendAsync(query, r => ReadLoginProfile(r), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LoginProfile> GetLoginProfileAsync(string userName, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(Query("GetLoginProfile").Add("UserName", userName), r => ReadLoginProfile(r), cancellationToken, readAfterWrite);

    /// <inheritdoc />
    public Task UpdateLoginProfileAsync(string userName, Secret? password, bool? passwordResetRequired, CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("UpdateLoginProfile").Add("UserName", userName).Add("Password", password?.Reveal()).Add("PasswordResetRequired", passwordResetRequired),
            cancellationToken);

    /// <inheritdoc />
    public Task DeleteLoginProfileAsync(string userName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DeleteLoginProfile").Add("UserName", userName), cancellationToken);

    /// <inheritdoc />
    public Task<AccessKey> CreateAccessKeyAsync(string? userName, CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("CreateAccessKey").Add("UserName", userName),
            r =>
            {
                var k = r.Child("AccessKey") ?? throw new FormatException("The response has no AccessKey.");
                return new AccessKey(
                    Required(k, "UserName"),
                    Required(k, "AccessKeyId"),
                    new Secret(Required(k, "SecretAccessKey")),
                    ParseStatus(k.Text("Status")),
                    k.Timestamp("CreateDate"));
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<AccessKeyMetadata>> ListAccessKeysAsync(string? userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("ListAccessKeys").Add("UserName", userName), page),
            r => Page(r, "AccessKeyMetadata", k => new AccessKeyMetadata(k.Text("UserName"), Required(k, "AccessKeyId"), ParseStatus(k.Text("Status")), k.Timestamp("CreateDate"))),
            cancellationToken,
            readAfterWrite);

    /// <inheritdoc />
    public Task<AccessKeyLastUsed> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetAccessKeyLastUsed").Add("AccessKeyId", accessKeyId),
            r =>
            {
                var used = r.Child("AccessKeyLastUsed");
                return new AccessKeyLastUsed(
                    r.Text("UserName"),
                    used?.Timestamp("LastUsedDate"),
                    used?.Text("ServiceName") ?? "N/A",
                    used?.Text("Region") ?? "N/A");
            },
            cancellationToken);

    /// <inheritdoc />
    public Task UpdateAccessKeyAsync(string accessKeyId, AccessKeyStatus status, string? userName = null, CancellationToken cancellationToken = default) =>
        SendAsync(Query("UpdateAccessKey").Add("UserName", userName).Add("AccessKeyId", accessKeyId).Add("Status", status.ToString()), cancellationToken);

    /// <inheritdoc />
    public Task DeleteAccessKeyAsync(string accessKeyId, string? userName = null, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DeleteAccessKey").Add("UserName", userName).Add("AccessKeyId", accessKeyId), cancellationToken);

    private static LoginProfile ReadLoginProfile(System.Xml.Linq.XElement result)
    {
        var p = result.Child("LoginProfile") ?? throw new FormatException("The response has no LoginProfile.");
        return new LoginProfile(Required(p, "UserName"), p.Timestamp("CreateDate"), p.Bool("PasswordResetRequired") ?? false);
    }

    private static AccessKeyStatus ParseStatus(string? status) =>
        string.Equals(status, "Inactive", StringComparison.Ordinal) ? AccessKeyStatus.Inactive : AccessKeyStatus.Active;
}
