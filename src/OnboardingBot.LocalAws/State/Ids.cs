using System.Security.Cryptography;

namespace OnboardingBot.LocalAws.State;

internal static class Ids
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretChars = Alnum + "+/";

    public static string UserId() => "AIDA" + RandomNumberGenerator.GetString(Upper, 17);

    public static string GroupId() => "AGPA" + RandomNumberGenerator.GetString(Upper, 17);

    public static string RoleId() => "AROA" + RandomNumberGenerator.GetString(Upper, 17);

    public static string PolicyId() => "ANPA" + RandomNumberGenerator.GetString(Upper, 17);

    /// <summary>20 characters, like AWS: <c>AKIA</c> + 16 base32 characters.</summary>
    public static string AccessKeyId() => "AKIA" + RandomNumberGenerator.GetString(Base32, 16);

    /// <summary>40 characters, like the ids IAM gives signing certificates.</summary>
    public static string CertificateId() => RandomNumberGenerator.GetString(Upper, 40);

    public static string SessionAccessKeyId() => "ASIA" + RandomNumberGenerator.GetString(Base32, 16);

    /// <summary>40 characters, like AWS.</summary>
    public static string SecretAccessKey() => RandomNumberGenerator.GetString(SecretChars, 40);

    public static string SessionToken() => "FwoGZXIvYXdzE" + RandomNumberGenerator.GetString(SecretChars, 200);

    public static string SecretSuffix() => RandomNumberGenerator.GetString(Alnum, 6);

    public static string RequestId() => Guid.NewGuid().ToString();
}
