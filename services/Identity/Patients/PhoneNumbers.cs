using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace QueueSystem.Identity.Patients;

/// <summary>The facility's countries (configuration section <c>Identity</c>): codes go only to their phones.</summary>
public sealed class PhoneSettings
{
    public const string Section = "Identity";

    /// <summary>The region a number typed without a country code is read in.</summary>
    public string DefaultRegion { get; set; } = "IN";

    /// <summary>The regions whose numbers are taken; none: the default region only.</summary>
    public List<string> PhoneRegions { get; set; } = [];
}

/// <summary>
/// Phone numbers as E.164, whatever form a patient types them in, of the facility's countries only
/// (<paramref name="regions"/>, by default the default region): codes are never sent abroad, where each text
/// costs the hospital and SMS-pumping fraud would pay for them.
/// </summary>
public sealed class PhoneNumberNormalizer(string defaultRegion, IReadOnlyCollection<string>? regions = null)
{
    public PhoneNumberNormalizer(IOptions<PhoneSettings> options)
        : this(options.Value.DefaultRegion, options.Value.PhoneRegions)
    {
    }

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private readonly HashSet<string> allowed = new(regions is { Count: > 0 } ? regions : [defaultRegion], StringComparer.OrdinalIgnoreCase);

    /// <summary>The countries whose numbers are taken, by name, for telling a patient.</summary>
    public string Countries => string.Join(", ", allowed.Order(StringComparer.Ordinal).Select(region => new System.Globalization.RegionInfo(region).EnglishName));

    /// <summary>The E.164 form of <paramref name="input"/>, or null when it is not a valid number of the facility's countries.</summary>
    public string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        try
        {
            var number = Util.Parse(input, defaultRegion);
            return Util.IsValidNumber(number) && allowed.Contains(Util.GetRegionCodeForNumber(number) ?? "")
                ? Util.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
