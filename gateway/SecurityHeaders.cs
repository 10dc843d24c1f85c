namespace QueueSystem.Gateway;

/// <summary>
/// Security headers on every answer of the gateway, pages and proxied API alike: scripts, styles and
/// connections only from the gateway itself (so an injected name can never run as script), no framing
/// (the staff desk cannot be overlaid by another site), no content sniffing, no referrer leaving the site.
/// </summary>
public static class SecurityHeaders
{
    public static WebApplication UseSecurityHeaderPolicies(this WebApplication app)
    {
        // Swagger UI styles its page inline; it holds no patient data and still may not be framed.
        app.UseWhen(IsApiReference, reference => reference.UseSecurityHeaders(Policy(allowInlineStyles: true)));
        app.UseWhen(context => !IsApiReference(context), pages => pages.UseSecurityHeaders(Policy(allowInlineStyles: false)));
        return app;
    }

    private static bool IsApiReference(HttpContext context) => context.Request.Path.StartsWithSegments("/api/docs");

    private static HeaderPolicyCollection Policy(bool allowInlineStyles) => new HeaderPolicyCollection()
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicyNoReferrer()
        .AddCrossOriginOpenerPolicy(policy => policy.SameOrigin())
        .AddPermissionsPolicy(policy =>
        {
            policy.AddCamera().None();
            policy.AddMicrophone().None();
            policy.AddGeolocation().None();
            policy.AddPayment().None();
        })
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();
            var styles = csp.AddStyleSrc().Self();
            if (allowInlineStyles)
            {
                styles.UnsafeInline();
            }

            csp.AddImgSrc().Self().Data();
            csp.AddConnectSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        });
}
