using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OnboardingBot.BotFramework.Schema;

/// <summary>
/// The JSON settings of the Bot Framework wire format: camelCase names, nulls omitted, case-insensitive reading,
/// UTC timestamps written with a <c>Z</c> suffix as the channels send them.
/// </summary>
public static class BotJson
{
    /// <summary>Shared, read-only serializer options for every Bot Framework payload.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Parses an activity from its JSON text.</summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static Activity ParseActivity(string json) =>
        JsonSerializer.Deserialize<Activity>(json, Options) ?? throw new JsonException("The activity is null.");

    /// <summary>Serialises any Bot Framework model with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Serialises a value to a <see cref="JsonElement"/> with <see cref="Options"/>.</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>
    /// True when some string or property name of <paramref name="utf8Json"/> is not valid UTF-16 once unescaped (a
    /// lone surrogate such as <c>\ud800</c>). Such text deserializes into <see cref="JsonElement"/> members (channel
    /// data, card values, entities) and fails only when read; refusing it up front keeps that out of every handler.
    /// Malformed JSON answers false: the deserializer reports it.
    /// </summary>
    public static bool HasInvalidText(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = Options.EffectiveMaxDepth() });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    private static int EffectiveMaxDepth(this JsonSerializerOptions options) => options.MaxDepth == 0 ? 64 : options.MaxDepth;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new UtcAwareDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Writes offset-zero timestamps as <c>…Z</c> (as channels do) and keeps other offsets as they are.</summary>
internal sealed class UtcAwareDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        if (value.Offset == TimeSpan.Zero)
        {
            writer.WriteStringValue(value.UtcDateTime);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
