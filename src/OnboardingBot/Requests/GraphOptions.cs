using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Requests;

/// <summary>
/// Microsoft Graph, app-only with the bot's own registration (<c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>,
/// <c>MicrosoftAppTenantId</c>): used only when <c>Requests:ManagerApproves</c> is on.
/// </summary>
public sealed class GraphOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Graph";

    /// <summary><c>Graph:BaseUrl</c>: the Graph endpoint (default <c>https://graph.microsoft.com/v1.0/</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0/";

    /// <summary><c>Graph:AuthorityHost</c>: the Entra login host the app-only token comes from (default <c>https://login.microsoftonline.com/</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com/";

    /// <summary><c>Graph:Scope</c>: the scope of the app-only token (default <c>https://graph.microsoft.com/.default</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary><c>Graph:Timeout</c>: how long finding the manager may take in all, token and every step of the walk (1 to 60 s, default 10 s); a request being made waits for it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Graph:Timeout must be between 1 second and 1 minute.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // https only; plain http only on loopback (a test's own fake), never to a host that could be anyone's.
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var graph) || !(graph.Scheme == Uri.UriSchemeHttps || (graph.Scheme == Uri.UriSchemeHttp && graph.IsLoopback)))
        {
            yield return new ValidationResult("Graph:BaseUrl must be an absolute https URL (like https://graph.microsoft.com/v1.0/).");
        }

        if (!Uri.TryCreate(AuthorityHost, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("Graph:AuthorityHost must be an absolute https URL (like https://login.microsoftonline.com/).");
        }
    }
}
