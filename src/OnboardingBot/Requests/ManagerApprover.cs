namespace OnboardingBot.Requests;

/// <summary>How the new hire's manager was looked for when the request was made.</summary>
public enum ManagerLookup
{
    /// <summary>Found: that manager may decide the request besides the team's approvers.</summary>
    Found,

    /// <summary>Graph knows no enabled manager within the walk limit: the team's approvers decide.</summary>
    NoneFound,

    /// <summary>Graph did not answer (or refused): the team's approvers decide.</summary>
    Unavailable,
}

/// <summary>The manager who may decide a request, or why there is none.</summary>
/// <param name="Lookup">How the search ended.</param>
/// <param name="AadObjectId">The manager's object id, when found.</param>
/// <param name="Name">The manager's display name, when found.</param>
public sealed record ManagerApprover(ManagerLookup Lookup, string? AadObjectId = null, string? Name = null);

/// <summary>Who manages a person, walking up the chain past disabled accounts.</summary>
public interface IManagerDirectory
{
    /// <summary>
    /// The first enabled manager above <paramref name="aadObjectId"/>; null when the feature is off
    /// (<c>Requests:ManagerApproves</c> false), so nothing is asked.
    /// </summary>
    Task<ManagerApprover?> FindAsync(string aadObjectId, CancellationToken cancellationToken);
}

/// <summary><c>Requests:ManagerApproves</c> off: no manager, and no Graph call.</summary>
internal sealed class NoManagerDirectory : IManagerDirectory
{
    public Task<ManagerApprover?> FindAsync(string aadObjectId, CancellationToken cancellationToken) => Task.FromResult<ManagerApprover?>(null);
}
