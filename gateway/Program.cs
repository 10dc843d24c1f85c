using QueueSystem.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseSecurityHeaderPolicies(); // first, so that every answer carries them, refusals included
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();
