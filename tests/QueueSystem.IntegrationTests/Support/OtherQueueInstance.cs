using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// Another Queue instance in this process, on the running system's own event store (as another node
/// behind the gateway would be), with its own message queues so it takes no message from the others;
/// with <paramref name="clock"/>, living at another time (another day of the facility).
/// </summary>
public class OtherQueueInstance(SystemFixture system, string name, TimeProvider? clock = null) : WebApplicationFactory<QueueSystem.Queue.Commands.DayCommands>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseRunningSystem(system, "queuedb");
        builder.UseSetting("Messaging:EndpointPrefix", $"queue-instance-test-{name}");
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
