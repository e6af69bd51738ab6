namespace OnboardingBot.BotFramework.Cards;

#pragma warning disable CS1591 // enum members are the Adaptive Card schema's values, written in camelCase

/// <summary>Space above an element.</summary>
public enum Spacing { Default, None, Small, Medium, Large, ExtraLarge, Padding }

/// <summary>Font weight of text.</summary>
public enum FontWeight { Default, Lighter, Bolder }

/// <summary>Font size of text.</summary>
public enum FontSize { Default, Small, Medium, Large, ExtraLarge }

/// <summary>Text colour.</summary>
public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

/// <summary>Image size.</summary>
public enum ImageSize { Auto, Stretch, Small, Medium, Large }

/// <summary>Horizontal placement of an element in its container.</summary>
public enum HorizontalAlignment { Left, Center, Right }

/// <summary>Container style.</summary>
public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

/// <summary>Choice set style.</summary>
public enum ChoiceInputStyle { Compact, Expanded }

/// <summary>Action style.</summary>
public enum ActionStyle { Default, Positive, Destructive }

/// <summary>Which inputs an action sends.</summary>
public enum AssociatedInputs { Auto, None }

#pragma warning restore CS1591
