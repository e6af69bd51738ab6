using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OnboardingBot.BotFramework.Connector;
using OnboardingBot.Persistence;

namespace OnboardingBot.Conversation;

/// <summary>
/// The serviceUrls our bot token may be sent to: those of authenticated activities, including the ones stored with
/// conversation references before a restart (they came from authenticated activities too).
/// </summary>
public sealed class PersistedServiceUrlTrust : IServiceUrlTrust
{
    private readonly ConcurrentDictionary<string, bool> _trusted = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Trust(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        _trusted.TryAdd(Normalize(serviceUrl), true);
    }

    /// <inheritdoc />
    public bool IsTrusted(string serviceUrl) => !string.IsNullOrWhiteSpace(serviceUrl) && _trusted.ContainsKey(Normalize(serviceUrl));

    /// <summary>Loads the serviceUrls of stored conversation references.</summary>
    public async Task LoadAsync(OnboardingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var url in await db.ConversationReferences.Select(r => r.ServiceUrl).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            Trust(url);
        }
    }

    private static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/');
}
