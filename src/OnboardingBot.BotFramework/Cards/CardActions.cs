using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Cards;

/// <summary>A card action; serialised with its <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ActionExecute), "Action.Execute")]
[JsonDerivedType(typeof(ActionSubmit), "Action.Submit")]
[JsonDerivedType(typeof(ActionOpenUrl), "Action.OpenUrl")]
[JsonDerivedType(typeof(ActionShowCard), "Action.ShowCard")]
public abstract record CardAction
{
    /// <summary>The button text.</summary>
    public string? Title { get; init; }

    /// <summary>The action id.</summary>
    public string? Id { get; init; }

    /// <summary>Button style.</summary>
    public ActionStyle? Style { get; init; }
}

/// <summary>
/// A Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke with <see cref="Verb"/> and
/// <see cref="Data"/> merged with the inputs. Unless <see cref="IncludeSubmitFallback"/> is false it carries an
/// <c>Action.Submit</c> fallback with the same data plus <c>verb</c>, so Web Chat and older clients still work
/// (their click arrives as a message whose <c>value</c> holds the data; see
/// <c>AdaptiveCardInvoke.TryParseSubmit</c>).
/// </summary>
/// <param name="Verb">The verb the bot dispatches on.</param>
public sealed record ActionExecute(string Verb) : CardAction
{
    /// <summary>The key under which the fallback submit carries the verb.</summary>
    public const string FallbackVerbKey = "verb";

    /// <summary>Hidden data sent with the inputs.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>Which inputs are sent.</summary>
    public AssociatedInputs? AssociatedInputs { get; init; }

    /// <summary>Whether <see cref="Fallback"/> is written (not for refresh actions).</summary>
    [JsonIgnore]
    public bool IncludeSubmitFallback { get; init; } = true;

    /// <summary>The <c>Action.Submit</c> used by clients without Universal Actions.</summary>
    public CardAction? Fallback => IncludeSubmitFallback
        ? new ActionSubmit
        {
            Title = Title,
            Id = Id,
            Style = Style,
            AssociatedInputs = AssociatedInputs,
            Data = FallbackData(),
        }
        : null;

    private JsonObject FallbackData()
    {
        var data = Data is null ? [] : (JsonObject)Data.DeepClone();
        data[FallbackVerbKey] = Verb;
        return data;
    }
}

/// <summary>Sends the inputs and <see cref="Data"/> as a message activity's <c>value</c>.</summary>
public sealed record ActionSubmit : CardAction
{
    /// <summary>Hidden data sent with the inputs.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>Which inputs are sent.</summary>
    public AssociatedInputs? AssociatedInputs { get; init; }
}

/// <summary>Opens a URL.</summary>
/// <param name="Url">The URL.</param>
public sealed record ActionOpenUrl(string Url) : CardAction;

/// <summary>Reveals a nested card.</summary>
/// <param name="Card">The nested card.</param>
public sealed record ActionShowCard(AdaptiveCard Card) : CardAction;
