using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>The RabbitMQ bus every service uses, from the connection string <c>messagebus</c> (an amqp:// URI).</summary>
public static class MessagingExtensions
{
    /// <param name="endpointPrefix">
    /// Prefix of this service's queue names, so two services consuming one message each get a copy.
    /// <c>Messaging:EndpointPrefix</c> overrides it, for a copy of a service that must get its own copy too.
    /// </param>
    /// <param name="configure">Registers the service's consumers.</param>
    public static TBuilder AddMessageBus<TBuilder>(
        this TBuilder builder, string endpointPrefix, Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString("messagebus")
            ?? throw new InvalidOperationException("Connection string 'messagebus' (RabbitMQ) is not configured.");
        var broker = new Uri(connectionString);
        var credentials = broker.UserInfo.Split(':', 2);

        // Take no traffic before the bus is connected, so no request meets a bus that is still starting.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(builder.Configuration["Messaging:EndpointPrefix"] ?? endpointPrefix, false));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.Host(broker.Host, (ushort)broker.Port, "/", host =>
                {
                    host.Username(Uri.UnescapeDataString(credentials[0]));
                    host.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "");
                });
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
