using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace OnboardingBot.Manifest;

/// <summary>
/// What a package is built from, read under the bot's own setting names where it has them (<c>MicrosoftAppId</c>,
/// <c>Credentials:PublicBaseUrl</c>, <c>Credentials:SignIn:ClientId</c>) and under <c>Package:*</c> for the rest.
/// </summary>
internal sealed partial record PackageSettings
{
    public const string AppIdKey = "MicrosoftAppId";
    public const string PublicBaseUrlKey = "Credentials:PublicBaseUrl";
    public const string SignInClientIdKey = "Credentials:SignIn:ClientId";
    public const string VersionKey = "Package:Version";
    public const string DeveloperNameKey = "Package:DeveloperName";
    public const string WebsiteUrlKey = "Package:WebsiteUrl";
    public const string PrivacyUrlKey = "Package:PrivacyUrl";
    public const string TermsOfUseUrlKey = "Package:TermsOfUseUrl";

    /// <summary>The bot's Entra app id: <c>botId</c>, and the Teams app's <c>id</c>.</summary>
    public string? MicrosoftAppId { get; init; }

    /// <summary>Where the one-time links point; its host is the package's only valid domain.</summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>The sign-in page's Entra app (<c>webApplicationInfo.id</c>); the bot's app id when not set.</summary>
    public string? SignInClientId { get; init; }

    /// <summary>The app version, x.y.z; raise it for every upload of a changed package.</summary>
    public string? Version { get; init; }

    /// <summary>The publisher Teams shows (at most 32 characters).</summary>
    public string DeveloperName { get; init; } = "OnboardingBot";

    /// <summary>The publisher's support page.</summary>
    public string? WebsiteUrl { get; init; }

    /// <summary>The privacy statement.</summary>
    public string? PrivacyUrl { get; init; }

    /// <summary>The terms of use.</summary>
    public string? TermsOfUseUrl { get; init; }

    /// <summary>The sign-in app id the package names.</summary>
    public string? EffectiveSignInClientId => string.IsNullOrWhiteSpace(SignInClientId) ? MicrosoftAppId : SignInClientId;

    /// <summary>The public host, once <see cref="Problems"/> is empty.</summary>
    public string PublicHost => new Uri(PublicBaseUrl!).IdnHost;

    /// <summary>Reads the settings.</summary>
    public static PackageSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Read(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();
        return new PackageSettings
        {
            MicrosoftAppId = Read(AppIdKey),
            PublicBaseUrl = Read(PublicBaseUrlKey),
            SignInClientId = Read(SignInClientIdKey),
            Version = Read(VersionKey),
            DeveloperName = Read(DeveloperNameKey) ?? "OnboardingBot",
            WebsiteUrl = Read(WebsiteUrlKey),
            PrivacyUrl = Read(PrivacyUrlKey),
            TermsOfUseUrl = Read(TermsOfUseUrlKey),
        };
    }

    /// <summary>Every reason not to build, each naming its setting; empty when the settings are real values.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Add(string? problem)
        {
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        Add(RefuseId(AppIdKey, MicrosoftAppId, "the bot's Entra app id"));
        if (SignInClientId is not null)
        {
            Add(RefuseId(SignInClientIdKey, SignInClientId, "the sign-in page's Entra app id"));
        }

        Add(Placeholders.RefuseUrl(PublicBaseUrlKey, PublicBaseUrl));
        Add(Version is null ? $"{VersionKey} is required (x.y.z; raise it for every upload)."
            : !SemVer().IsMatch(Version) ? $"{VersionKey} '{Version}' is not x.y.z." : null);
        Add(DeveloperName.Length > 32 ? $"{DeveloperNameKey} is longer than 32 characters." : null);
        Add(Placeholders.RefuseUrl(WebsiteUrlKey, WebsiteUrl));
        Add(Placeholders.RefuseUrl(PrivacyUrlKey, PrivacyUrl));
        Add(Placeholders.RefuseUrl(TermsOfUseUrlKey, TermsOfUseUrl));
        return problems;
    }

    private static string? RefuseId(string setting, string? value, string what) =>
        value is null ? $"{setting} is required: {what}."
        : !Placeholders.IsGuid(value) ? $"{setting} '{value}' is not a GUID: {what}."
        : Placeholders.IsZeroGuid(value) ? $"{setting} is the placeholder {Placeholders.ZeroGuid}: set {what}."
        : null;

    // The schema's semver pattern: three numbers, no leading zeros.
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial Regex SemVer();
}
