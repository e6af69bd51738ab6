using System.Text.Json.Serialization;

namespace OnboardingBot.BotFramework.Cards;

/// <summary>An element of a card body; serialised with its <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
[JsonDerivedType(typeof(InputChoiceSet), "Input.ChoiceSet")]
[JsonDerivedType(typeof(InputToggle), "Input.Toggle")]
[JsonDerivedType(typeof(InputDate), "Input.Date")]
public abstract record CardElement
{
    /// <summary>The element id.</summary>
    public string? Id { get; init; }

    /// <summary>Space above the element.</summary>
    public Spacing? Spacing { get; init; }

    /// <summary>Draws a line above the element.</summary>
    public bool? Separator { get; init; }

    /// <summary>Hidden when false.</summary>
    public bool? IsVisible { get; init; }
}

/// <summary>A block of text (markdown subset).</summary>
/// <param name="Text">The text.</param>
public sealed record TextBlock(string Text) : CardElement
{
    /// <summary>Wraps long text instead of truncating it.</summary>
    public bool? Wrap { get; init; }

    /// <summary>Font weight.</summary>
    public FontWeight? Weight { get; init; }

    /// <summary>Font size.</summary>
    public FontSize? Size { get; init; }

    /// <summary>Colour.</summary>
    public TextColor? Color { get; init; }

    /// <summary>Dimmed text.</summary>
    public bool? IsSubtle { get; init; }
}

/// <summary>A title/value pair of a <see cref="FactSet"/>.</summary>
/// <param name="Title">The label.</param>
/// <param name="Value">The value.</param>
public sealed record Fact(string Title, string Value);

/// <summary>A list of facts.</summary>
/// <param name="Facts">The facts.</param>
public sealed record FactSet(IList<Fact> Facts) : CardElement;

/// <summary>A group of elements.</summary>
/// <param name="Items">The elements.</param>
public sealed record Container(IList<CardElement> Items) : CardElement
{
    /// <summary>Background style.</summary>
    public ContainerStyle? Style { get; init; }
}

/// <summary>A column of a <see cref="ColumnSet"/>.</summary>
/// <param name="Items">The elements.</param>
public sealed record Column(IList<CardElement> Items)
{
    /// <summary>Always <c>Column</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "Column";

    /// <summary><c>auto</c>, <c>stretch</c>, a weight such as <c>2</c>, or pixels such as <c>50px</c>.</summary>
    public string? Width { get; init; }

    /// <summary>Space left of the column.</summary>
    public Spacing? Spacing { get; init; }
}

/// <summary>Columns side by side.</summary>
/// <param name="Columns">The columns.</param>
public sealed record ColumnSet(IList<Column> Columns) : CardElement;

/// <summary>An image; <paramref name="Url"/> may be a <c>data:</c> URI (card 1.2+).</summary>
/// <param name="Url">The image URL.</param>
public sealed record Image(string Url) : CardElement
{
    /// <summary>Alternative text.</summary>
    public string? AltText { get; init; }

    /// <summary>Size.</summary>
    public ImageSize? Size { get; init; }

    /// <summary>
    /// On-screen width in pixels, such as <c>285px</c> (card 1.1+); overrides <see cref="Size"/>. Without a height the
    /// image keeps its aspect ratio, and the renderers shrink it to fit a narrower card.
    /// </summary>
    public string? Width { get; init; }

    /// <summary>Placement in the card.</summary>
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>Actions placed in the body (wrap actions in one for older clients).</summary>
/// <param name="Actions">The actions.</param>
public sealed record ActionSet(IList<CardAction> Actions) : CardElement;

/// <summary>An input; its <see cref="CardElement.Id"/> is the key of its value in the submitted data.</summary>
public abstract record CardInput : CardElement
{
    /// <summary>The label shown with the input.</summary>
    public string? Label { get; init; }

    /// <summary>The value must be given.</summary>
    public bool? IsRequired { get; init; }

    /// <summary>Shown when validation fails.</summary>
    public string? ErrorMessage { get; init; }
}

/// <summary>A text input.</summary>
public sealed record InputText : CardInput
{
    /// <summary>Hint shown when empty.</summary>
    public string? Placeholder { get; init; }

    /// <summary>Allows several lines.</summary>
    public bool? IsMultiline { get; init; }

    /// <summary>A regular expression the value must match.</summary>
    public string? Regex { get; init; }

    /// <summary>The maximum length.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The initial value.</summary>
    public string? Value { get; init; }
}

/// <summary>A choice of a <see cref="InputChoiceSet"/>.</summary>
/// <param name="Title">The text shown.</param>
/// <param name="Value">The value submitted.</param>
public sealed record InputChoice(string Title, string Value);

/// <summary>A drop-down or radio/check list.</summary>
/// <param name="Choices">The choices.</param>
public sealed record InputChoiceSet(IList<InputChoice> Choices) : CardInput
{
    /// <summary>
    /// <c>choices.data</c> (schema 1.6): choices fetched as the user types, from <see cref="DataQuery.Dataset"/>. Teams
    /// serves <c>graph.microsoft.com/users</c> itself (its people picker, the value an Entra object id); other
    /// datasets arrive at the bot as <c>application/search</c> invokes.
    /// </summary>
    [JsonPropertyName("choices.data")]
    public DataQuery? ChoicesData { get; init; }

    /// <summary>Several values may be chosen (submitted comma-separated).</summary>
    public bool? IsMultiSelect { get; init; }

    /// <summary><c>compact</c> (drop-down) or <c>expanded</c> (radio buttons).</summary>
    public ChoiceInputStyle? Style { get; init; }

    /// <summary>The initially chosen value(s).</summary>
    public string? Value { get; init; }

    /// <summary>Hint shown when nothing is chosen.</summary>
    public string? Placeholder { get; init; }

    /// <summary>Wraps long choice titles instead of cutting them (card 1.2+).</summary>
    public bool? Wrap { get; init; }
}

/// <summary>A check box.</summary>
/// <param name="Title">The text beside the box.</param>
public sealed record InputToggle(string Title) : CardInput
{
    /// <summary>The initial value (<see cref="ValueOn"/> or <see cref="ValueOff"/>).</summary>
    public string? Value { get; init; }

    /// <summary>The value when checked (default <c>true</c>).</summary>
    public string? ValueOn { get; init; }

    /// <summary>The value when unchecked (default <c>false</c>).</summary>
    public string? ValueOff { get; init; }

    /// <summary>Wraps a long title instead of cutting it (card 1.2+).</summary>
    public bool? Wrap { get; init; }
}

/// <summary>A date picker; its value is submitted as <c>yyyy-MM-dd</c>.</summary>
public sealed record InputDate : CardInput
{
    /// <summary>The initial value (<c>yyyy-MM-dd</c>).</summary>
    public string? Value { get; init; }

    /// <summary>The earliest date offered (<c>yyyy-MM-dd</c>).</summary>
    public string? Min { get; init; }

    /// <summary>The latest date offered (<c>yyyy-MM-dd</c>).</summary>
    public string? Max { get; init; }

    /// <summary>Hint shown when empty.</summary>
    public string? Placeholder { get; init; }
}

/// <summary>A <c>Data.Query</c>: where an <see cref="InputChoiceSet"/> fetches its choices (schema 1.6).</summary>
/// <param name="Dataset">The dataset, such as <c>graph.microsoft.com/users</c>.</param>
public sealed record DataQuery(string Dataset)
{
    /// <summary>Teams' people picker: everyone in the organisation.</summary>
    public const string GraphUsers = "graph.microsoft.com/users";

    /// <summary>Always <c>Data.Query</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "Data.Query";

    /// <summary>The most choices wanted per query.</summary>
    public int? Count { get; init; }
}
