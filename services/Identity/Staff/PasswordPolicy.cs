namespace QueueSystem.Identity.Staff;

/// <summary>
/// What a staff password must be: 10 to 256 characters and hard to guess, as zxcvbn (Dropbox's estimator, with its
/// list of common passwords, names and keyboard patterns) scores it, the username and the system's own words
/// counting as known to an attacker. Also compiled into the AppHost, so the run command refuses a weak
/// QMS_ADMIN_PASSWORD before anything starts.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;

    public const int MaxLength = 256;

    /// <summary>zxcvbn's 3 of 4: "safely unguessable", about 10^10 guesses.</summary>
    private const int MinScore = 3;

    /// <returns>Why the password is refused, or null when it is good.</returns>
    public static string? WeaknessOf(string password, string username)
    {
        if (password.Length is < MinLength or > MaxLength)
        {
            return $"At least {MinLength} characters (at most {MaxLength}).";
        }

        var estimate = Zxcvbn.Zxcvbn.MatchPassword(password, [username, "queue", "hospital", "staff", "admin", "operator", "supervisor"]);
        return estimate.Score < MinScore
            ? "Too easy to guess (a common password, the username or a simple pattern): use three or four unrelated words, or more characters."
            : null;
    }
}
