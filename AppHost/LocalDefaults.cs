using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QueueSystem.AppHost;

/// <summary>
/// The run command's defaults: plain HTTP (no development certificate is assumed), the dashboard on
/// http://localhost:18888 without a login, and the gateway on http://localhost:8080. QMS_DASHBOARD_PORT
/// and QMS_GATEWAY_PORT move them. Anything already set in the environment wins.
/// </summary>
public static class LocalDefaults
{
    public static void Apply()
    {
        var dashboardPort = int.TryParse(Environment.GetEnvironmentVariable("QMS_DASHBOARD_PORT"), out var port) ? port : 18888;
        SetIfMissing("ASPNETCORE_URLS", Url(dashboardPort));
        SetIfMissing("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", Url(dashboardPort + 1));
        SetIfMissing("ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL", Url(dashboardPort + 2));
        SetIfMissing("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        SetIfMissing("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true");
        SetIfMissing("DOTNET_ENVIRONMENT", "Development");
    }

    public static string DashboardUrl => Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? Url(18888);

    public static int GatewayPort(IConfiguration configuration) =>
        int.TryParse(configuration["QMS_GATEWAY_PORT"], out var port) ? port : 8080;

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}");

    private static void SetIfMissing(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
