using System.Text.Json;
using System.Text.Json.Serialization;

using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Hosting;

internal sealed partial class LocalAwsEngine
{
    /// <summary>How seeds read as JSON: camelCase or PascalCase members, enums by name.</summary>
    public static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // As IAM records it: a key used again within 15 minutes, or a password within 5, keeps its first use.
    private static readonly TimeSpan KeyUseGranularity = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan SignInGranularity = TimeSpan.FromMinutes(5);

    /// <summary>Adds a batch of state at once, all or nothing (<see cref="LocalAwsSeedException"/>), and persists it.</summary>
    public LocalAwsSeedResult Seed(LocalAwsSeed seed)
    {
        lock (_gate)
        {
            var result = SeedApplier.Apply(_state, seed, Options.AccountId, Options.TimeProvider.GetUtcNow());
            _store?.Save(_state);
            return result;
        }
    }

    public void SimulateConsoleSignIn(string userName)
    {
        lock (_gate)
        {
            if (!_state.Users.TryGetValue(userName, out var user) || user.LoginProfile is null)
            {
                throw new InvalidOperationException($"User '{userName}' does not exist or has no console password.");
            }

            var now = Options.TimeProvider.GetUtcNow();
            if (user.PasswordLastUsed is not { } last || now - last >= SignInGranularity)
            {
                user.PasswordLastUsed = now;
            }

            _store?.Save(_state);
        }
    }

    private static void RecordKeyUse(AccessKeyState key, string service, string region, DateTimeOffset now)
    {
        if (key.LastUsedDate is { } last && now - last < KeyUseGranularity)
        {
            return;
        }

        key.LastUsedDate = now;
        key.LastUsedService = service;
        key.LastUsedRegion = region;
    }

    private static AwsState SeedFresh(LocalAwsOptions options, DateTimeOffset now)
    {
        var state = StateSeeder.Seed(options, now);
        if (options.SeedFile is { } path)
        {
            var seed = JsonSerializer.Deserialize<LocalAwsSeed>(File.ReadAllBytes(path), SeedJson)
                ?? throw new LocalAwsSeedException($"The seed file {path} is empty.");
            SeedApplier.Apply(state, seed, options.AccountId, now);
        }

        return state;
    }
}
