using OnboardingBot.LocalAws;
using OnboardingBot.LocalAws.Hosting;

// Runs the emulator alone: dotnet run --project src/OnboardingBot.LocalAws -- --urls http://127.0.0.1:4566 [--data local-aws.db] [--seed seed.json]
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data"] = "LocalAws:DataPath", ["--seed"] = "LocalAws:SeedFile" });
var urls = builder.Configuration["urls"] ?? builder.Configuration[$"{LocalAwsOptions.SectionName}:Urls"] ?? "http://127.0.0.1:4566";
builder.AddLocalAws();
var allowNonLoopback = builder.Configuration.GetValue<bool>($"{LocalAwsOptions.SectionName}:AllowNonLoopback");
LoopbackGuard.EnsureAllowed(urls, allowNonLoopback);
builder.WebHost.UseUrls(urls);
var app = builder.Build();
app.MapLocalAws();
app.Run();

/// <summary>The emulator's entry point: internal, so test projects that reference both it and the bot see one <c>Program</c>.</summary>
internal sealed partial class Program;
