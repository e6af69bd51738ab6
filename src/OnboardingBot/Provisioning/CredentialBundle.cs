using System.Text;
using System.Text.Json;
using OnboardingBot.Secrets;

namespace OnboardingBot.Provisioning;

/// <summary>What the new hire needs to sign in, as kept in Secrets Manager (and nowhere else).</summary>
/// <param name="SignInUrl">The console sign-in URL with the account alias (or id).</param>
/// <param name="UserName">The IAM user name.</param>
/// <param name="Password">The temporary console password (reset at first sign-in).</param>
/// <param name="AccessKeyId">The access key id, when approved.</param>
/// <param name="SecretAccessKey">The secret access key, when approved.</param>
public sealed record CredentialBundle(string SignInUrl, string UserName, Secret Password, string? AccessKeyId, Secret? SecretAccessKey)
{
    /// <summary>The secret string stored in Secrets Manager.</summary>
    public Secret ToSecretString()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("signInUrl", SignInUrl);
            writer.WriteString("userName", UserName);
            writer.WriteString("password", Password.Reveal());
            if (AccessKeyId is not null && SecretAccessKey is not null)
            {
                writer.WriteString("accessKeyId", AccessKeyId);
                writer.WriteString("secretAccessKey", SecretAccessKey.Reveal());
            }

            writer.WriteEndObject();
        }

        var text = new Secret(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        Array.Clear(buffer.GetBuffer());
        return text;
    }

    /// <summary>Reads a stored secret string back; null when it is not ours.</summary>
    public static CredentialBundle? FromSecretString(Secret secretString)
    {
        ArgumentNullException.ThrowIfNull(secretString);
        try
        {
            using var document = JsonDocument.Parse(secretString.Reveal());
            var root = document.RootElement;
            string? Read(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var url = Read("signInUrl");
            var user = Read("userName");
            var password = Read("password");
            if (url is null || user is null || password is null)
            {
                return null;
            }

            return new CredentialBundle(url, user, new Secret(password), Read("accessKeyId"), Secret.FromNullable(Read("secretAccessKey")));
        }
        catch (JsonException)
        {
            return null; // never echo what did not parse
        }
    }
}
