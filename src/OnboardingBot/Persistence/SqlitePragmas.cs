using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OnboardingBot.Persistence;

/// <summary>
/// Per-connection SQLite settings: in WAL mode, <c>synchronous=NORMAL</c> stays durable across a process crash (only an
/// OS crash or power loss can drop the last commits) and saves an fsync per transaction; a busy timeout lets writers
/// queue instead of failing. <c>secure_delete</c> overwrites deleted content, so a wiped MFA seed or a consumed
/// outbox body does not linger in the file's free pages.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
