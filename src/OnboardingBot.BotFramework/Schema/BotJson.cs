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
