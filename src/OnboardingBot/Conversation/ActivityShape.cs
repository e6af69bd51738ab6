using OnboardingBot.BotFramework.Schema;

namespace OnboardingBot.Conversation;

/// <summary>The minimum an activity needs before any handler sees it; anything less is a 400.</summary>
public static class ActivityShape
{
    private const int MaxIdLength = 512;
    private const int MaxTextLength = 28_000;

    /// <summary>Null when the activity can be handled, else what is wrong with it (safe to show the caller).</summary>
    public static string? Validate(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(activity.Type) || activity.Type.Length > 64)
        {
            return "The activity has no type.";
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl) || !IsHttpUrl(activity.ServiceUrl))
        {
            return "The activity has no valid serviceUrl.";
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id) || activity.Conversation.Id.Length > MaxIdLength)
        {
            return "The activity has no conversation id.";
        }

        if (string.IsNullOrWhiteSpace(activity.From?.Id) || activity.From.Id.Length > MaxIdLength)
        {
            return "The activity has no sender id.";
        }

        if (activity.Id is { Length: > MaxIdLength })
        {
            return "The activity id is too long.";
        }

        if (activity.Id is not null && string.IsNullOrWhiteSpace(activity.Id))
        {
            return "The activity id is empty.";
        }

        if (activity.Text is { Length: > MaxTextLength })
        {
            return "The message text is too long.";
        }

        return null;
    }

    private static bool IsHttpUrl(string value) =>
        value.Length <= 512 &&
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        string.IsNullOrEmpty(uri.UserInfo);
}
