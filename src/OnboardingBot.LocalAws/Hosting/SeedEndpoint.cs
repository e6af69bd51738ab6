using System.Net;
using System.Text.Json;

namespace OnboardingBot.LocalAws.Hosting;

/// <summary>
/// <c>POST /_localaws/seed</c>: a <see cref="LocalAwsSeed"/> as JSON, for a LocalAws running alone. Unsigned, so it
/// answers loopback callers only, whatever address LocalAws binds.
/// </summary>
internal static class SeedEndpoint
{
    public const string Path = "_localaws/seed";

    public static async Task<IResult> HandleAsync(LocalAwsEngine engine, HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Results.Problem("Seeding is open to loopback callers only.", statusCode: StatusCodes.Status403Forbidden);
        }

        LocalAwsSeed? seed;
        try
        {
            seed = await JsonSerializer.DeserializeAsync<LocalAwsSeed>(context.Request.Body, LocalAwsEngine.SeedJson, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            return Results.Problem($"The body is not a seed: {error.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (seed is null)
        {
            return Results.Problem("The body is not a seed.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return Results.Json(engine.Seed(seed), LocalAwsEngine.SeedJson);
        }
        catch (LocalAwsSeedException error)
        {
            return Results.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
