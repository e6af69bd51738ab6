using OnboardingBot.Aws.Protocol;
using OnboardingBot.Aws.Iam.Model;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<IamUser> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Query("CreateUser")
            .Add("Path", request.Path)
            .Add("UserName", request.UserName)
            .Add("PermissionsBoundary", request.PermissionsBoundary);
        return SendAsync(Tags(query, request.Tags), r => ReadUser(r.Child("User") ?? throw new FormatException("The response has no User.")), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IamUser> GetUserAsync(string? userName, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(Query("GetUser").Add("UserName", userName), r => ReadUser(r.Child("User") ?? throw new FormatException("The response has no User.")), cancellationToken, readAfterWrite);

    /// <inheritdoc />
    public Task TagUserAsync(string userName, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var query = Query("TagUser").Add("UserName", userName)
            .AddList("Tags", tags, static (q, prefix, tag) => q.Add($"{prefix}.Key", tag.Key).Add($"{prefix}.Value", tag.Value));
        return SendAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IamPage<IamUser>> ListUsersAsync(string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListUsers").Add("PathPrefix", pathPrefix), page), r => Page(r, "Users", ReadUser), cancellationToken);

    /// <inheritdoc />
    public Task DeleteUserAsync(string userName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DeleteUser").Add("UserName", userName), cancellationToken);

    /// <inheritdoc />
    public Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("AddUserToGroup").Add("GroupName", groupName).Add("UserName", userName), cancellationToken);

    /// <inheritdoc />
    public Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("RemoveUserFromGroup").Add("GroupName", groupName).Add("UserName", userName), cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<IamGroup>> ListGroupsAsync(string? pathPrefix = null, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListGroups").Add("PathPrefix", pathPrefix), page), r => Page(r, "Groups", ReadGroup), cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<IamGroup>> ListGroupsForUserAsync(string userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(Paging(Query("ListGroupsForUser").Add("UserName", userName), page), r => Page(r, "Groups", ReadGroup), cancellationToken, readAfterWrite);

    /// <inheritdoc />
    public Task<GetGroupResponse> GetGroupAsync(string groupName, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("GetGroup").Add("GroupName", groupName), page),
            r => new GetGroupResponse(
                ReadGroup(r.Child("Group") ?? throw new FormatException("The response has no Group.")),
                r.List("Users", ReadUser),
                r.Bool("IsTruncated") ?? false,
                r.Text("Marker")),
            cancellationToken);
}
