using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using OnboardingBot.BotFramework.Authentication;

namespace OnboardingBot.Requests;

/// <summary>
/// The new hire's manager from Microsoft Graph, app-only (<c>User.Read.All</c>): <c>GET /users/{id}/manager</c>, and
/// while that manager's account is disabled, their manager in turn, up to <c>Requests:ManagerChainLimit</c> steps.
/// No manager (404) ends the walk with nobody; any other failure is <see cref="ManagerLookup.Unavailable"/>, never an
/// exception, so a Graph outage only means the team's approvers decide.
/// </summary>
internal sealed class GraphManagerDirectory(
    GraphServiceClient graph, IOptions<RequestOptions> options, IOptions<GraphOptions> graphOptions, ILogger<GraphManagerDirectory> logger) : IManagerDirectory
{
    /// <summary>The HttpClient of Graph calls.</summary>
    public const string GraphClientName = "Graph";

    /// <summary>The HttpClient of the app-only token requests.</summary>
    public const string TokenClientName = "Graph.Token";

    private static readonly string[] Fields = ["id", "displayName", "accountEnabled"];

    public async Task<ManagerApprover?> FindAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { aadObjectId };
        var current = aadObjectId;
        // The request being made waits for the walk: Graph:Timeout bounds all of it, the token request included.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(graphOptions.Value.Timeout);
        try
        {
            for (var step = 0; step < options.Value.ManagerChainLimit; step++)
            {
                DirectoryObject? manager;
                try
                {
                    manager = await graph.Users[current].Manager.GetAsync(r => r.QueryParameters.Select = Fields, budget.Token).ConfigureAwait(false);
                }
                catch (ODataError ex) when (ex.ResponseStatusCode == StatusCodes.Status404NotFound)
                {
                    manager = null;
                }

                // Only a person decides: no manager, an org contact, or a loop back down the chain ends the walk.
                if (manager is not User { Id: { Length: > 0 } id } user || !seen.Add(id))
                {
                    RequestsLog.ManagerNotFound(logger, aadObjectId, step);
                    return new(ManagerLookup.NoneFound);
                }

                if (user.AccountEnabled != false)
                {
                    RequestsLog.ManagerFound(logger, aadObjectId, id, step);
                    return new(ManagerLookup.Found, id, user.DisplayName);
                }

                current = id; // disabled: their manager, in turn
            }

            RequestsLog.ManagerNotFound(logger, aadObjectId, options.Value.ManagerChainLimit);
            return new(ManagerLookup.NoneFound);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or AuthenticationFailedException or CredentialUnavailableException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            RequestsLog.ManagerLookupFailed(logger, aadObjectId, ex.GetType().Name);
            return new(ManagerLookup.Unavailable);
        }
    }

    /// <summary>The Graph client: the bot's registration, app-only, tokens sent only to the configured Graph host.</summary>
    public static GraphServiceClient CreateClient(IServiceProvider services)
    {
        var graph = services.GetRequiredService<IOptions<GraphOptions>>().Value;
        var bot = services.GetRequiredService<IOptions<BotFrameworkAuthenticationOptions>>().Value;
        var http = services.GetRequiredService<IHttpClientFactory>();
        var credential = new ClientSecretCredential(
            bot.MicrosoftAppTenantId,
            bot.MicrosoftAppId,
            bot.MicrosoftAppPassword!.Reveal(),
            new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(graph.AuthorityHost),
                Transport = new HttpClientTransport(http.CreateClient(TokenClientName)),
            });
        var baseUrl = new Uri(graph.BaseUrl);
        var tokens = new BaseBearerTokenAuthenticationProvider(new AppOnlyTokens(credential, graph.Scope, baseUrl.Host));
        return new GraphServiceClient(http.CreateClient(GraphClientName), tokens, graph.BaseUrl.TrimEnd('/'));
    }

    // The token goes to the Graph host alone; Kiota's own provider refuses plain http even to a test's loopback fake.
    private sealed class AppOnlyTokens(TokenCredential credential, string scope, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            if (!AllowedHostsValidator.IsUrlHostValid(uri))
            {
                return string.Empty;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
            return token.Token;
        }
    }
}
