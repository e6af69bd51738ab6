using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Persistence;

/// <summary>Where the bot keeps its state.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default, embedded, a file under <c>./data</c>) or <c>Postgres</c> (several instances).</summary>
    [Required]
    [AllowedValues("Sqlite", "Postgres", ErrorMessage = "Database:Provider is Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// ADO.NET connection string. Defaults to <c>Data Source=data/onboarding.db</c> for SQLite; required for Postgres.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>True when the connection string parses for the provider (its value, a secret, is never echoed).</summary>
    public static bool IsWellFormed(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            // An unknown provider is its own validation's problem, not the connection string's.
            _ = options.Provider switch
            {
                "Postgres" => new Npgsql.NpgsqlConnectionStringBuilder(options.EffectiveConnectionString),
                "Sqlite" => (System.Data.Common.DbConnectionStringBuilder)new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString),
                _ => null,
            };
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == "Sqlite" ? "Data Source=data/onboarding.db" : ConnectionString ?? string.Empty;
}
