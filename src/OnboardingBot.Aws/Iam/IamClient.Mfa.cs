using OnboardingBot.Aws.Iam.Model;
using OnboardingBot.Aws.Protocol;
using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Iam;

public sealed partial class IamClient
{
    /// <inheritdoc />
    public Task<VirtualMfaDevice> CreateVirtualMfaDeviceAsync(CreateVirtualMfaDeviceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Query("CreateVirtualMFADevice").Add("Path", request.Path).Add("VirtualMFADeviceName", request.VirtualMfaDeviceName);
        return SendAsync(
            Tags(query, request.Tags),
            r =>
            {
                var d = r.Child("VirtualMFADevice") ?? throw new FormatException("The response has no VirtualMFADevice.");

                // Base32StringSeed is base64 of the ASCII base32 secret; QRCodePNG is base64 of PNG bytes, kept encoded.
                var seed = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Required(d, "Base32StringSeed").Trim()));
                return new VirtualMfaDevice(Required(d, "SerialNumber"), new Secret(seed), new Secret(d.Text("QRCodePNG")?.Trim() ?? string.Empty));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task EnableMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2, CancellationToken cancellationToken = default) =>
        SendAsync(MfaCodes("EnableMFADevice", userName, serialNumber, authenticationCode1, authenticationCode2), cancellationToken);

    /// <inheritdoc />
    public Task ResyncMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2, CancellationToken cancellationToken = default) =>
        SendAsync(MfaCodes("ResyncMFADevice", userName, serialNumber, authenticationCode1, authenticationCode2), cancellationToken);

    /// <inheritdoc />
    public Task DeactivateMfaDeviceAsync(string serialNumber, string? userName, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DeactivateMFADevice").Add("UserName", userName).Add("SerialNumber", serialNumber), cancellationToken);

    /// <inheritdoc />
    public Task DeleteVirtualMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken = default) =>
        SendAsync(Query("DeleteVirtualMFADevice").Add("SerialNumber", serialNumber), cancellationToken);

    /// <inheritdoc />
    public Task<IamPage<MfaDevice>> ListMfaDevicesAsync(string? userName, IamPageRequest? page = null, bool readAfterWrite = false, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("ListMFADevices").Add("UserName", userName), page),
            r => Page(r, "MFADevices", d => new MfaDevice(d.Text("UserName") ?? string.Empty, Required(d, "SerialNumber"), d.Timestamp("EnableDate"))),
            cancellationToken,
            readAfterWrite);

    /// <inheritdoc />
    public Task<IamPage<VirtualMfaDeviceSummary>> ListVirtualMfaDevicesAsync(
        MfaAssignmentStatus assignmentStatus = MfaAssignmentStatus.Any, IamPageRequest? page = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            Paging(Query("ListVirtualMFADevices").Add("AssignmentStatus", assignmentStatus.ToString()), page),
            r => Page(r, "VirtualMFADevices", d => new VirtualMfaDeviceSummary(
                Required(d, "SerialNumber"), d.Child("User") is { } u ? ReadUser(u) : null, d.Timestamp("EnableDate"))),
            cancellationToken);

    private static QuerySerializer MfaCodes(string action, string userName, string serialNumber, string code1, string code2) =>
        Query(action)
            .Add("UserName", userName)
            .Add("SerialNumber", serialNumber)
            .Add("AuthenticationCode1", code1)
            .Add("AuthenticationCode2", code2);
}
