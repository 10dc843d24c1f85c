using Microsoft.AspNetCore.Hosting;

namespace QueueSystem.IntegrationTests;

public static class InProcessHosts
{
    /// <summary>
    /// A service of the running system hosted in this process: Development, the system's token keys, its broker and
    /// the named connection strings (later settings override any of these).
    /// </summary>
    public static IWebHostBuilder UseRunningSystem(this IWebHostBuilder builder, SystemFixture system, params string[] connections)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:messagebus", system.ConnectionString("messagebus").GetAwaiter().GetResult());
        foreach (var connection in connections)
        {
            builder.UseSetting($"ConnectionStrings:{connection}", system.ConnectionString(connection).GetAwaiter().GetResult());
        }

        builder.UseSetting("Tokens:SigningKey", system.SigningKey);
        builder.UseSetting("Tokens:ServiceKey", system.ServiceKey);
        return builder;
    }
}
