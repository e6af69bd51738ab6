using OnboardingBot.AdminAudit;
using OnboardingBot.Credentials;
using OnboardingBot.Hosting;
using OnboardingBot.Mfa;
using OnboardingBot.Offboarding;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;
using OnboardingBot.Sandbox;

StartupRefusals.ExplainBuildFailures(); // a configuration mistake: one line naming it, exit code 1, no stack trace
// Settings are validated once, at start, so nothing watches them: a watch covers the whole content root, and with it the
// data folder, waking a file watcher on every SQLite commit.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddErrorHandling();      // problem bodies, never a stack trace
builder.AddTelemetry();          // OpenTelemetry traces and metrics; OTLP export when configured
builder.AddForwardedHeaders();   // X-Forwarded-* only from ForwardedHeaders:KnownProxies/KnownNetworks
builder.AddPersistence();        // SQLite by default, PostgreSQL when configured
builder.AddBotFramework();       // inbound auth, connector client
builder.AddAws();                // IAM, Secrets Manager, STS on the standard credential chain
builder.AddConversation();       // turns, commands, roles, outbox
builder.AddRequests();           // request dialog, approval in the thread, timers
builder.AddProvisioning();       // approved → IAM user, groups, console access, keys: a persisted worker
builder.AddCredentials();        // Secrets Manager, one-time link pages and their sign-in, sweeper
builder.AddMfa();                // MFA enrollment: private QR code, two consecutive codes, coaching
builder.AddAdminAudit();         // admins' IAM audit: checks with CIS and Security Hub ids, summary card
builder.AddOffboarding();        // leavers: offboard with a second approver, then a persisted worker removes access
builder.AddHealth();             // /healthz liveness; /readyz: database, Data Protection keys, AWS
builder.AddSandbox();            // only when Sandbox:Enabled, loopback only: Web Chat, Direct Line, LocalAws

var app = builder.Build();
app.UseForwardedHeadersFromProxies();
app.UseErrorHandling(CredentialLinks.PathPrefix); // problem bodies; no-store, no-referrer on one-time pages
app.UseCredentialPages();        // sign-in cookie and rate limits of /credentials
app.MapBotEndpoints();           // POST /api/messages
app.MapCredentialPages()         // GET/HEAD /credentials/open?t=… (never consumes), POST reveals once
   .MapMfaQrPage()               // GET/HEAD /credentials/mfa?t=…: the private QR page
   .MapAuditExport();            // GET /credentials/audit.csv?t=…: an admin's audit CSV, signed in
app.MapHealth();                 // GET /healthz, GET /readyz
app.MapSandbox();                // sandbox only: GET / (Web Chat), /v3/directline, loopback Connector
return app.RunOrExplain();       // options validated first, so a refusal is one line per setting

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
