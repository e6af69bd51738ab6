using System.Net.Http.Headers;
using System.Text;
using OnboardingBot.BotFramework.Schema;
using OnboardingBot.Testing;

namespace OnboardingBot.Tests.Support;

/// <summary>Posts activities to <c>/api/messages</c> as the Bot Connector would.</summary>
public static class BotClient
{
    public static Task<HttpResponseMessage> PostAsync(this BotApp app, Activity activity, TokenOptions? token = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.PostRawAsync(BotJson.Serialize(activity), app.Identity.AuthorizationHeaderFor(activity, token));
    }

    public static async Task<HttpResponseMessage> PostRawAsync(this BotApp app, string body, string? authorization, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(app);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await client.SendAsync(request);
    }
}
