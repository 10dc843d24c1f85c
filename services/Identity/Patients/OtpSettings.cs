namespace QueueSystem.Identity.Patients;

/// <summary>The rules of one-time codes (configuration section <c>Identity:Otp</c>).</summary>
public sealed class OtpSettings
{
    public const string Section = "Identity:Otp";

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 5;

    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxSendsPerPhonePerHour { get; set; } = 5;

    /// <summary>Generous: a hospital's guest network puts many patients behind one address.</summary>
    public int MaxSendsPerAddressPerHour { get; set; } = 100;

    /// <summary>Key of the code hashes (HMAC-SHA256): a leaked table alone does not give the codes away.</summary>
    public string HashKey { get; set; } = "";
}
