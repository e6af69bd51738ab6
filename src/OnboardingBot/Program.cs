using OnboardingBot.Hosting;
using OnboardingBot.Persistence;
using OnboardingBot.Requests;
using OnboardingBot.Sandbox;

var builder = WebApplication.CreateBuilder(args);
builder.AddErrorHandling();      // problem bodies, never a stack trace
builder.AddPersistence();        // SQLite by default, PostgreSQL when configured
builder.AddBotFramework();       // inbound auth, connector client
builder.AddAws();                // IAM, Secrets Manager, STS on the standard credential chain
builder.AddConversation();       // turns, commands, roles, outbox
builder.AddRequests();           // request dialog, approval in the thread, timers
builder.AddHealth();
builder.AddSandbox();            // only when Sandbox:Enabled, loopback only: Web Chat, Direct Line, LocalAws

var app = builder.Build();
app.UseErrorHandling();
app.MapBotEndpoints();           // POST /api/messages
app.MapHealth();                 // GET /healthz
app.MapSandbox();                // sandbox only: GET / (Web Chat), /v3/directline, loopback Connector
app.Run();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
