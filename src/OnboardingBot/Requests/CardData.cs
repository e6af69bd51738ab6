using System.Text.Json;

namespace OnboardingBot.Requests;

/// <summary>Reads the request id and nonce a card action carries.</summary>
internal static class CardData
{
    public static string? Read(JsonElement data, string key) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool TryReadRequest(JsonElement data, out long id, out string? nonce)
    {
        nonce = Read(data, RequestVerbs.NonceKey);
        return OnboardingRequest.TryParseReference(Read(data, RequestVerbs.RequestIdKey), out id);
    }
}
