using System.Text.Json;

using Microsoft.Data.Sqlite;

namespace OnboardingBot.LocalAws.State;

/// <summary>
/// Keeps the whole state as one JSON snapshot row in a SQLite file, rewritten after each mutation (under the
/// engine's lock). Simple and enough for a dev tool; the file holds test secrets in clear, like the emulator.
/// </summary>
internal sealed class StateStore : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly SqliteConnection _connection;

    public StateStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, saved_at TEXT NOT NULL)";
        command.ExecuteNonQuery();
    }

    public AwsState? Load()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT json FROM snapshot WHERE id = 1";
        return command.ExecuteScalar() is string json ? Normalize(JsonSerializer.Deserialize<AwsState>(json, Json)) : null;
    }

    public void Save(AwsState state)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO snapshot (id, json, saved_at) VALUES (1, $json, $at) ON CONFLICT(id) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at";
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(state, Json));
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    // Deserialised dictionaries lose their case-insensitive comparers.
    private static AwsState? Normalize(AwsState? state)
    {
        if (state is null)
        {
            return null;
        }

        state.Users = new(state.Users, StringComparer.OrdinalIgnoreCase);
        state.Groups = new(state.Groups, StringComparer.OrdinalIgnoreCase);
        return state;
    }
}
