using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using OnboardingBot.BotFramework.Authentication;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// The serviceUrls our bot token may be sent to, shared by every instance: https URLs on a configured Connector host
/// (<c>BotFramework:ConnectorHosts</c>) by rule, and the serviceUrls of authorized activities (whose tokens named
/// them), stored in <see cref="TrustedServiceUrl"/> and read from there on a miss, so an instance trusts what another
/// one was shown. Untrusted answers are not cached: another instance may trust the URL a moment later.
/// </summary>
public sealed class PersistedServiceUrlTrust(
    IServiceScopeFactory scopes, IOptions<BotFrameworkAuthenticationOptions> options, TimeProvider time) : IServiceUrlTrust
{
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    public async Task TrustAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        var key = Key(serviceUrl);
        if (key.Length > TrustedServiceUrl.MaxLength)
        {
            throw new ArgumentException("The service URL is too long to be trusted.", nameof(serviceUrl));
        }

        if (_known.ContainsKey(key) || IsConnectorHost(key))
        {
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
            if (!await db.TrustedServiceUrls.AnyAsync(t => t.Url == key, cancellationToken).ConfigureAwait(false))
            {
                db.TrustedServiceUrls.Add(new TrustedServiceUrl { Url = key, TrustedAt = time.GetUtcNow() });
                try
                {
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
                {
                    // Another instance stored it first: trusted all the same.
                }
            }
        }

        _known.TryAdd(key, 0);
    }

    public async ValueTask<bool> IsTrustedAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl))
        {
            return false;
        }

        var key = Key(serviceUrl);
        if (_known.ContainsKey(key) || IsConnectorHost(key))
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnboardingDbContext>();
        if (!await db.TrustedServiceUrls.AnyAsync(t => t.Url == key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _known.TryAdd(key, 0);
        return true;
    }

    private bool IsConnectorHost(string key) =>
        Uri.TryCreate(key, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(uri.UserInfo)
        && options.Value.ConnectorHosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase);

    // Case and trailing slashes do not matter to the Connector; one spelling per URL in the table.
    private static string Key(string serviceUrl) => ServiceUrlTrust.Normalize(serviceUrl).ToLowerInvariant();
}

/// <summary>A serviceUrl an authorized activity's token vouched for: the bot's token may be sent there.</summary>
public sealed class TrustedServiceUrl
{
    /// <summary>The longest serviceUrl stored (activities with longer ones are refused as malformed).</summary>
    public const int MaxLength = 512;

    /// <summary>The normalized URL (lower case, no trailing slash).</summary>
    public required string Url { get; init; }

    /// <summary>When it was first trusted.</summary>
    public DateTimeOffset TrustedAt { get; init; }
}

internal sealed class TrustedServiceUrlConfiguration : IEntityTypeConfiguration<TrustedServiceUrl>
{
    public void Configure(EntityTypeBuilder<TrustedServiceUrl> builder)
    {
        builder.ToTable("TrustedServiceUrls");
        builder.HasKey(t => t.Url);
        builder.Property(t => t.Url).HasMaxLength(TrustedServiceUrl.MaxLength);
    }
}
