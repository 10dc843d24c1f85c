using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QueueSystem.AppHost;

/// <summary>
/// The run command's defaults: plain HTTP (no development certificate is assumed), the dashboard on
/// http://localhost:18888 and the gateway on http://localhost:8080 (QMS_DASHBOARD_PORT and QMS_GATEWAY_PORT
/// move them). The dashboard asks for the sign-in link the run command prints, and its resource service and
/// telemetry endpoint for keys that only the AppHost and the services know: every resource's environment
/// holds secrets. QMS_DASHBOARD_ANONYMOUS=true opens it to anyone who can reach it, for a developer's laptop.
/// Anything already set in the environment wins.
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
        if (string.Equals(Environment.GetEnvironmentVariable("QMS_DASHBOARD_ANONYMOUS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            SetIfMissing("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true");
        }
        SetIfMissing("DOTNET_ENVIRONMENT", "Development");
    }

    public static string DashboardUrl => (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? Url(18888)).Split(';')[0];

    /// <summary>The dashboard's address with the sign-in token the AppHost made for this run, or the bare address without one.</summary>
    public static string DashboardSignInUrl(IConfiguration configuration) =>
        configuration["AppHost:BrowserToken"] is { Length: > 0 } token ? $"{DashboardUrl}/login?t={Uri.EscapeDataString(token)}" : DashboardUrl;

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
