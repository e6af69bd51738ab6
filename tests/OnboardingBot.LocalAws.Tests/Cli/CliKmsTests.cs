using System.Text;

namespace OnboardingBot.LocalAws.Tests.Cli;

/// <summary>The AWS CLI's <c>aws kms …</c> against LocalAws: the subset Data Protection's key encryption needs.</summary>
public sealed class CliKmsTests : CliTestBase
{
    [Fact]
    public async Task KeysAreCreatedDescribedAndEncryptAndDecryptRoundTrip()
    {
        var created = (await Aws.OkAsync("kms", "create-key", "--description", "data protection keys")).Json["KeyMetadata"]!;
        var keyId = created["KeyId"]!.GetValue<string>();
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{keyId}", created["Arn"]!.GetValue<string>());
        Assert.Equal("SYMMETRIC_DEFAULT", created["KeySpec"]!.GetValue<string>());

        var described = (await Aws.OkAsync("kms", "describe-key", "--key-id", created["Arn"]!.GetValue<string>())).Json["KeyMetadata"]!;
        Assert.Equal(keyId, described["KeyId"]!.GetValue<string>());
        Assert.Equal("Enabled", described["KeyState"]!.GetValue<string>());

        var secret = Convert.ToBase64String(Encoding.UTF8.GetBytes("the key ring"));
        var encrypted = (await Aws.OkAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", secret,
            "--encryption-context", "purpose=dataprotection")).Json;
        var blob = encrypted["CiphertextBlob"]!.GetValue<string>();
        Assert.NotEqual(secret, blob);

        // Symmetric ciphertext names its key: decrypt needs no --key-id, but the same encryption context.
        var decrypted = (await Aws.OkAsync("kms", "decrypt", "--ciphertext-blob", blob, "--encryption-context", "purpose=dataprotection")).Json;
        Assert.Equal(secret, decrypted["Plaintext"]!.GetValue<string>());
        Assert.Equal(created["Arn"]!.GetValue<string>(), decrypted["KeyId"]!.GetValue<string>());
        await Aws.FailsWithAsync("InvalidCiphertextException", "kms", "decrypt", "--ciphertext-blob", blob, "--encryption-context", "purpose=other");
        await Aws.FailsWithAsync("InvalidCiphertextException", "kms", "decrypt", "--ciphertext-blob", blob);

        Assert.DoesNotContain(Server.Calls, c => c.Parameters.Values.Contains(secret));
    }

    [Fact]
    public async Task DataKeysComeInPlaintextAndUnderTheKey()
    {
        var keyId = (await Aws.OkAsync("kms", "create-key")).Json["KeyMetadata"]!["KeyId"]!.GetValue<string>();

        var dataKey = (await Aws.OkAsync("kms", "generate-data-key", "--key-id", keyId, "--key-spec", "AES_256")).Json;
        var plaintext = Convert.FromBase64String(dataKey["Plaintext"]!.GetValue<string>());
        Assert.Equal(32, plaintext.Length);

        var decrypted = (await Aws.OkAsync("kms", "decrypt", "--key-id", keyId, "--ciphertext-blob", dataKey["CiphertextBlob"]!.GetValue<string>())).Json;
        Assert.Equal(plaintext, Convert.FromBase64String(decrypted["Plaintext"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ErrorsAreTheOnesKmsAnswers()
    {
        var keyId = (await Aws.OkAsync("kms", "create-key")).Json["KeyMetadata"]!["KeyId"]!.GetValue<string>();
        var other = (await Aws.OkAsync("kms", "create-key")).Json["KeyMetadata"]!["KeyId"]!.GetValue<string>();
        var blob = (await Aws.OkAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", "aGk=")).Json["CiphertextBlob"]!.GetValue<string>();

        await Aws.FailsWithAsync("NotFoundException", "kms", "describe-key", "--key-id", Guid.NewGuid().ToString());
        await Aws.FailsWithAsync("NotFoundException", "kms", "encrypt", "--key-id", Guid.NewGuid().ToString(), "--plaintext", "aGk=");
        await Aws.FailsWithAsync("IncorrectKeyException", "kms", "decrypt", "--key-id", other, "--ciphertext-blob", blob);
        await Aws.FailsWithAsync("InvalidCiphertextException", "kms", "decrypt", "--ciphertext-blob", "bm90IGEgYmxvYg==");
        await Aws.FailsWithAsync("UnsupportedOperationException", "kms", "create-key", "--key-spec", "RSA_2048", "--key-usage", "SIGN_VERIFY");
        await Aws.FailsWithAsync("ValidationException", "kms", "generate-data-key", "--key-id", keyId);
    }

    [Fact]
    public async Task KmsRefusesAnotherRegionLikeTheRealService()
    {
        await Aws.FailsWithAsync("InvalidSignatureException", "kms", "create-key", "--region", "eu-west-1");
    }
}
