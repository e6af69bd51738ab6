using Npgsql;

namespace OnboardingBot.Testing.Processes;

/// <summary>
/// A throwaway PostgreSQL database, created from <c>ONBOARDINGBOT_TEST_POSTGRES</c> (scripts/test.sh starts the server
/// and sets it) and dropped on dispose unless kept.
/// </summary>
public sealed class TestPostgresDatabase : IAsyncDisposable
{
    /// <summary>The environment variable with the base connection string.</summary>
    public const string BaseVariable = "ONBOARDINGBOT_TEST_POSTGRES";

    private TestPostgresDatabase(string connectionString) => ConnectionString = connectionString;

    /// <summary>The database's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Leaves the database in place on dispose (a restart reuses it; drop it with <see cref="DropAsync(string)"/>).</summary>
    public bool Keep { get; set; }

    /// <summary>The base connection string; fails with how to get one.</summary>
    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable(BaseVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{BaseVariable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");

    /// <summary>Creates a database with a fresh name.</summary>
    public static async Task<TestPostgresDatabase> CreateAsync()
    {
        var name = $"onboardingbot_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"").ConfigureAwait(false);
        return new TestPostgresDatabase(new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = name }.ConnectionString);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, if it exists.</summary>
    public static Task DropAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!Keep)
        {
            await DropAsync(ConnectionString).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        var connection = new NpgsqlConnection(BaseConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}
