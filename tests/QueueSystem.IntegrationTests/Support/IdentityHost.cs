using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// The Identity service in this process with a clock the test moves, against the running system's
/// real PostgreSQL and RabbitMQ (its codes reach the real Notification service's outbox).
/// </summary>
public sealed class IdentityHost(SystemFixture system, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<QueueSystem.Identity.Tokens.TokenIssuer>
{
    /// <summary>Requests carrying this header come from that client address.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseRunningSystem(system, "identitydb");
        builder.UseSetting("Identity:Otp:HashKey", system.Secret("otp-hash-key"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
        });
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
