using OnboardingBot.Secrets;

namespace OnboardingBot.Aws.Iam.Model;

/// <summary>Input of CreateVirtualMFADevice.</summary>
/// <param name="VirtualMfaDeviceName">1+ characters of <c>[\w+=,.@-]</c>.</param>
public sealed record CreateVirtualMfaDeviceRequest(string VirtualMfaDeviceName)
{
    /// <summary>The path; IAM's default is <c>/</c>.</summary>
    public string? Path { get; init; }

    /// <summary>Tags for the device.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>A virtual MFA device just created, with its secrets (returned only once).</summary>
/// <param name="SerialNumber">The device ARN, used as serial number.</param>
/// <param name="Base32StringSeed">The TOTP secret as base32 text (SHA-1, 6 digits, 30 s).</param>
/// <param name="QrCodePng">The QR code PNG as AWS renders it, <b>base64</b>-encoded (decode with <see cref="Convert.FromBase64String"/>).</param>
public sealed record VirtualMfaDevice(string SerialNumber, Secret Base32StringSeed, Secret QrCodePng);

/// <summary>A virtual MFA device as listed (no secrets).</summary>
public sealed record VirtualMfaDeviceSummary(string SerialNumber, IamUser? User, DateTimeOffset? EnableDate);

/// <summary>An MFA device assigned to a user.</summary>
public sealed record MfaDevice(string UserName, string SerialNumber, DateTimeOffset? EnableDate);

/// <summary>The <c>AssignmentStatus</c> filter of ListVirtualMFADevices.</summary>
public enum MfaAssignmentStatus
{
    /// <summary>Every device (sent explicitly).</summary>
    Any,

    /// <summary>Devices assigned to a user.</summary>
    Assigned,

    /// <summary>Devices not assigned.</summary>
    Unassigned,
}
