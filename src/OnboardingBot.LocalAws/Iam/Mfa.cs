using System.Security.Cryptography;
using System.Text;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;
using OnboardingBot.LocalAws.State;

using OtpNet;

using QRCoder;

using static OnboardingBot.LocalAws.Iam.IamCommon;
using static OnboardingBot.LocalAws.Protocol.QueryProtocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>Virtual MFA devices: a real random seed, a real QR code, and the two-consecutive-codes rule.</summary>
internal static class Mfa
{
    private const int DevicesPerUser = 8;

    public static void Register(IDictionary<string, IamOperation> operations)
    {
        operations["CreateVirtualMFADevice"] = CreateVirtualMfaDevice;
        operations["EnableMFADevice"] = EnableMfaDevice;
        operations["ResyncMFADevice"] = ResyncMfaDevice;
        operations["DeactivateMFADevice"] = DeactivateMfaDevice;
        operations["DeleteVirtualMFADevice"] = DeleteVirtualMfaDevice;
        operations["ListMFADevices"] = ListMfaDevices;
        operations["ListVirtualMFADevices"] = ListVirtualMfaDevices;
    }

    /// <summary>
    /// True when <paramref name="code1"/> and <paramref name="code2"/> are the TOTP codes (SHA-1, 6 digits, 30 s) of
    /// two consecutive steps, the later one no further than one step from now and the earlier no older than two,
    /// and newer than the last accepted step (no replay).
    /// </summary>
    public static bool AcceptsConsecutiveCodes(VirtualMfaDevice device, string code1, string code2, DateTimeOffset now)
    {
        var totp = new Totp(Base32Encoding.ToBytes(device.Base32Seed), step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
        var current = now.ToUnixTimeSeconds() / 30;
        for (var step = current - 2; step <= current; step++)
        {
            if (step <= device.LastUsedStep)
            {
                continue;
            }

            if (Matches(totp.ComputeTotp(At(step)), code1) && Matches(totp.ComputeTotp(At(step + 1)), code2))
            {
                device.LastUsedStep = step + 1;
                return true;
            }
        }

        return false;

        static DateTime At(long step) => DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime;

        static bool Matches(string expected, string actual) =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
    }

    private static VirtualMfaDevice FindDevice(OperationContext context, string serialNumber) =>
        context.State.MfaDevices.TryGetValue(serialNumber, out var device)
            ? device
            : throw AwsErrorException.NoSuchEntity($"VirtualMFADevice with serial number {serialNumber} doesn't exist.");

    private static object CreateVirtualMfaDevice(OperationContext context, QueryParams parameters)
    {
        var name = parameters.Required("VirtualMFADeviceName");
        var path = parameters.Get("Path") ?? "/";
        var serial = $"arn:aws:iam::{context.AccountId}:mfa{path}{name}";
        if (context.State.MfaDevices.Values.Any(d => string.Equals(d.SerialNumber.Split('/')[^1], name, StringComparison.OrdinalIgnoreCase)))
        {
            throw AwsErrorException.AlreadyExists("MFADevice entity at the same path and name already exists.");
        }

        var seed = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(40));
        var device = new VirtualMfaDevice
        {
            SerialNumber = serial,
            Base32Seed = seed,
            CreateDate = context.Now,
            Tags = ApplyTags([], parameters.GetTags()),
        };
        context.State.MfaDevices[serial] = device;

        var account = context.State.AccountAlias ?? context.AccountId;
        var uri = $"otpauth://totp/Amazon%20Web%20Services:{Uri.EscapeDataString(name)}@{Uri.EscapeDataString(account)}?secret={seed}&issuer=Amazon%20Web%20Services";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return E("VirtualMFADevice",
            E("SerialNumber", serial),
            E("Base32StringSeed", Convert.ToBase64String(Encoding.ASCII.GetBytes(seed))),
            E("QRCodePNG", Convert.ToBase64String(png)),
            device.Tags.Count > 0 ? TagsElement(device.Tags) : null);
    }

    private static object? EnableMfaDevice(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var device = FindDevice(context, parameters.Required("SerialNumber"));
        if (device.UserName is not null)
        {
            throw AwsErrorException.AlreadyExists("MFA Device is already in use.");
        }

        if (context.State.MfaDevices.Values.Count(d => d.UserName == user.UserName) >= DevicesPerUser)
        {
            throw AwsErrorException.LimitExceeded($"Cannot exceed quota for MFADevicesPerUser: {DevicesPerUser}");
        }

        CheckCodes(context, device, parameters);
        device.UserName = user.UserName;
        device.EnableDate = context.Now;
        return null;
    }

    private static object? ResyncMfaDevice(OperationContext context, QueryParams parameters)
    {
        var user = FindUser(context, parameters.Required("UserName"));
        var device = FindDevice(context, parameters.Required("SerialNumber"));
        if (!string.Equals(device.UserName, user.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw AwsErrorException.NoSuchEntity($"MFA Device with serial number {device.SerialNumber} does not exist for user {user.UserName}.");
        }

        CheckCodes(context, device, parameters);
        return null;
    }

    private static void CheckCodes(OperationContext context, VirtualMfaDevice device, QueryParams parameters)
    {
        if (!AcceptsConsecutiveCodes(device, parameters.Required("AuthenticationCode1"), parameters.Required("AuthenticationCode2"), context.Now))
        {
            throw new AwsErrorException("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403);
        }
    }

    private static object? DeactivateMfaDevice(OperationContext context, QueryParams parameters)
    {
        var serial = parameters.Required("SerialNumber");
        var device = context.State.MfaDevices.GetValueOrDefault(serial);
        var userName = parameters.Get("UserName");
        if (device?.UserName is null || (userName is not null && !string.Equals(device.UserName, userName, StringComparison.OrdinalIgnoreCase)))
        {
            throw AwsErrorException.NoSuchEntity($"MFA Device with serial number {serial} does not exist.");
        }

        device.UserName = null;
        device.EnableDate = null;
        return null;
    }

    private static object? DeleteVirtualMfaDevice(OperationContext context, QueryParams parameters)
    {
        var device = FindDevice(context, parameters.Required("SerialNumber"));
        if (device.UserName is not null)
        {
            throw AwsErrorException.DeleteConflict("MFA Device is still in use.");
        }

        context.State.MfaDevices.Remove(device.SerialNumber);
        return null;
    }

    private static object ListMfaDevices(OperationContext context, QueryParams parameters)
    {
        var user = UserNameOrCaller(context, parameters) is { } name ? ReadUser(context, name) : null;
        var devices = user is null ? [] : context.State.MfaDevices.Values.Where(d => d.UserName == user.UserName);
        return Page(parameters, devices, d => d.SerialNumber, "MFADevices", d => E("member",
            E("UserName", d.UserName),
            E("SerialNumber", d.SerialNumber),
            E("EnableDate", Iso(d.EnableDate!.Value))));
    }

    private static object ListVirtualMfaDevices(OperationContext context, QueryParams parameters)
    {
        var status = parameters.Get("AssignmentStatus") ?? "Any";
        var devices = context.State.MfaDevices.Values
            .Where(d => status switch
            {
                "Assigned" => d.UserName is not null,
                "Unassigned" => d.UserName is null,
                _ => true,
            })
            .Select(d => (d.SerialNumber, Element: DeviceElement(context, d)));
        if (context.State.Root.Mfa == LocalAwsRootMfa.Virtual && status != "Unassigned")
        {
            devices = devices.Append(RootDevice(context));
        }

        return Page(parameters, devices, d => d.SerialNumber, "VirtualMFADevices", d => d.Element);
    }

    private static System.Xml.Linq.XElement DeviceElement(OperationContext context, VirtualMfaDevice d) =>
        E("member",
            E("SerialNumber", d.SerialNumber),
            d.EnableDate is { } enabled ? E("EnableDate", Iso(enabled)) : null,
            d.UserName is { } userName && context.State.Users.GetValueOrDefault(userName) is { } user ? UserElement("User", user, detailed: false) : null,
            d.Tags.Count > 0 ? TagsElement(d.Tags) : null);

    // The root user's virtual device, as IAM lists it: a fixed name, and a User with only the account's id and ARN.
    private static (string SerialNumber, System.Xml.Linq.XElement Element) RootDevice(OperationContext context)
    {
        var serial = $"arn:aws:iam::{context.AccountId}:mfa/root-account-mfa-device";
        return (serial, E("member",
            E("SerialNumber", serial),
            E("EnableDate", Iso(context.State.Root.MfaEnableDate ?? context.State.AccountCreated)),
            E("User", E("UserId", context.AccountId), E("Arn", $"arn:aws:iam::{context.AccountId}:root"), E("CreateDate", Iso(context.State.AccountCreated)))));
    }
}
