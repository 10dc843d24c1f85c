using PhoneNumbers;

namespace QueueSystem.Identity.Patients;

/// <summary>Phone numbers as E.164, whatever form a patient types them in.</summary>
public sealed class PhoneNumberNormalizer(string defaultRegion)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 form of <paramref name="input"/>, or null when it is not a valid number.</summary>
    public string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        try
        {
            var number = Util.Parse(input, defaultRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}

public static class PersonNames
{
    /// <summary>A name trimmed, 1 to 100 characters, without control characters; null when it is not one.</summary>
    public static string? Clean(string? input)
    {
        var name = input?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl) ? null : name;
    }
}
