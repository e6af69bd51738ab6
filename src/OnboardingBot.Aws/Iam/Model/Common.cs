namespace OnboardingBot.Aws.Iam.Model;

/// <summary>An IAM tag. Key 1–128 characters, value 0–256.</summary>
public sealed record IamTag(string Key, string Value);

/// <summary>Paging input of IAM list calls.</summary>
/// <param name="Marker">The <see cref="IamPage{T}.Marker"/> of the previous page; null for the first page.</param>
/// <param name="MaxItems">Page size, 1–1000 (IAM's default is 100). IAM may return fewer items and still be truncated.</param>
public sealed record IamPageRequest(string? Marker = null, int? MaxItems = null);

/// <summary>One page of an IAM list call.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="IsTruncated">True when more pages follow; loop on this, not on the item count.</param>
/// <param name="Marker">The marker for the next page when truncated.</param>
public sealed record IamPage<T>(IReadOnlyList<T> Items, bool IsTruncated, string? Marker);
