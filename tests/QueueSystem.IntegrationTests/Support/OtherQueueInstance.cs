using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// Another Queue instance in this process, on the running system's own event store (as another node
/// behind the gateway would be), with its own message queues so it takes no message from the others.
/// </summary>
public class OtherQueueInstance(SystemFixture system, string name) : WebApplicationFactory<QueueSystem.Queue.Commands.DayCommands>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseRunningSystem(system, "queuedb");
        builder.UseSetting("Messaging:EndpointPrefix", $"queue-instance-test-{name}");
    }
}
