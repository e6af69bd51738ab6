using OnboardingBot.Hosting;
using OnboardingBot.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddErrorHandling();      // problem bodies, never a stack trace
builder.AddPersistence();        // SQLite by default, PostgreSQL when configured
builder.AddBotFramework();       // inbound auth, connector client
builder.AddConversation();       // turns, commands, roles, outbox
builder.AddHealth();

var app = builder.Build();
app.UseErrorHandling();
app.MapBotEndpoints();           // POST /api/messages
app.MapHealth();                 // GET /healthz
app.Run();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
