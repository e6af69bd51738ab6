using System.ComponentModel.DataAnnotations;

namespace OnboardingBot.Persistence;

/// <summary>Where the bot keeps its state.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default, embedded, a file under <c>./data</c>) or <c>Postgres</c> (several instances).</summary>
    [Required]
    [AllowedValues("Sqlite", "Postgres")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// ADO.NET connection string. Defaults to <c>Data Source=data/onboarding.db</c> for SQLite; required for Postgres.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The effective connection string.</summary>
    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == "Sqlite" ? "Data Source=data/onboarding.db" : ConnectionString ?? string.Empty;
}
