using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OnboardingBot.Persistence;

/// <summary>Recognises a unique-constraint violation on either provider: the signal that another writer won.</summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;

    /// <summary>True when <paramref name="exception"/> was caused by a unique constraint.</summary>
    public static bool Is(DbUpdateException exception) => exception?.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
