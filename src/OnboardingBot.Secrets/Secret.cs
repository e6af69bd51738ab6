using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnboardingBot.Secrets;

/// <summary>
/// A value that must never be printed: passwords, access keys, TOTP seeds, tokens, client secrets.
/// <see cref="ToString"/> always answers <c>[redacted]</c>, and JSON serialisation refuses it, so a secret cannot
/// leak through logging, exception messages or an accidental <c>JsonSerializer.Serialize</c>.
/// Call <see cref="Reveal"/> only where the plain value must leave the process (a signed request, a reveal page).
/// </summary>
[DebuggerDisplay("[redacted]")]
[JsonConverter(typeof(SecretJsonConverter))]
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    /// <summary>Wraps a plain value.</summary>
    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The plain value. Each call site is a place a secret leaves our control: keep them few.</summary>
    public string Reveal() => _value;

    /// <summary>True when the wrapped value is empty.</summary>
    public bool IsEmpty => _value.Length == 0;

    /// <summary>Always <c>[redacted]</c>.</summary>
    public override string ToString() => "[redacted]";

    /// <summary>Constant-time comparison.</summary>
    public bool Equals(Secret? other) =>
        other is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Secret s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode() => 0; // never derive anything observable from the value

    /// <summary>Wraps a possibly null value.</summary>
    public static Secret? FromNullable(string? value) => value is null ? null : new Secret(value);
}

/// <summary>Refuses to write a <see cref="Secret"/> as JSON; reading wraps the string.</summary>
public sealed class SecretJsonConverter : JsonConverter<Secret>
{
    /// <inheritdoc />
    public override Secret? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : new Secret(reader.GetString() ?? string.Empty);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options) =>
        throw new InvalidOperationException("A Secret is never serialised; reveal it explicitly where it must leave.");
}
