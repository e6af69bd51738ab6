using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<AccountSummary> GetAccountSummaryAsync(CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetAccountSummary"),
            r => new AccountSummary(r.Map("SummaryMap", static v => int.Parse(v.Value.Trim(), System.Globalization.CultureInfo.InvariantCulture))),
            cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<string>> ListAccountAliasesAsync(IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListAccountAliases"), page), r => Page(r, "AccountAliases", static a => a.Value), cancellationToken);

    /// <inheritdoc />
    public Task CreateAccountAliasAsync(string accountAlias, CancellationToken cancellationToken = default) =>
        SendAsync(Query("CreateAccountAlias").Add("AccountAlias", accountAlias), cancellationToken);

    /// <inheritdoc />
    public Task<PasswordPolicy> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetAccountPasswordPolicy"),
            r =>
            {
                var p = r.Child("PasswordPolicy") ?? throw new FormatException("The response has no PasswordPolicy.");
                return new PasswordPolicy
                {
                    MinimumPasswordLength = p.IntValue("MinimumPasswordLength"),
                    RequireSymbols = p.Bool("RequireSymbols") ?? false,
                    RequireNumbers = p.Bool("RequireNumbers") ?? false,
                    RequireUppercaseCharacters = p.Bool("RequireUppercaseCharacters") ?? false,
                    RequireLowercaseCharacters = p.Bool("RequireLowercaseCharacters") ?? false,
                    AllowUsersToChangePassword = p.Bool("AllowUsersToChangePassword") ?? false,
                    ExpirePasswords = p.Bool("ExpirePasswords") ?? false,
                    MaxPasswordAge = p.IntValue("MaxPasswordAge"),
                    PasswordReusePrevention = p.IntValue("PasswordReusePrevention"),
                    HardExpiry = p.Bool("HardExpiry"),
                };
            },
            cancellationToken);

    /// <inheritdoc />
    public Task UpdateAccountPasswordPolicyAsync(UpdateAccountPasswordPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Query("UpdateAccountPasswordPolicy")
            .Add("MinimumPasswordLength", request.MinimumPasswordLength)
            .Add("RequireSymbols", request.RequireSymbols)
            .Add("RequireNumbers", request.RequireNumbers)
            .Add("RequireUppercaseCharacters", request.RequireUppercaseCharacters)
            .Add("RequireLowercaseCharacters", request.RequireLowercaseCharacters)
            .Add("AllowUsersToChangePassword", request.AllowUsersToChangePassword)
            .Add("MaxPasswordAge", request.MaxPasswordAge)
            .Add("PasswordReusePrevention", request.PasswordReusePrevention)
            .Add("HardExpiry", request.HardExpiry);
        return SendAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CredentialReportGeneration> GenerateCredentialReportAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Query("GenerateCredentialReport"), r => new CredentialReportGeneration(r.Text("State") ?? string.Empty, r.Text("Description")), cancellationToken);

    /// <inheritdoc />
    public Task<CredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken = default) =>
        SendAsync(
            Query("GetCredentialReport"),
            r =>
            {
                var content = r.Blob("Content") ?? [];
                return new CredentialReport(content, r.Text("ReportFormat"), r.Timestamp("GeneratedTime"), CredentialReportCsv.Read(content));
            },
            cancellationToken);
}
