using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QueueSystem.Identity.Patients;

namespace QueueSystem.UnitTests.Identity;

public class PhoneAndCodeTests
{
    private static readonly PhoneNumberNormalizer India = new("IN");

    private static readonly PhoneNumberNormalizer ThreeCountries = new("IN", ["IN", "US", "GB"]);

    [Theory]
    [InlineData("+919812345678", "+919812345678")]
    [InlineData("+91 98123 45678", "+919812345678")]
    [InlineData("+91-98123-45678", "+919812345678")]
    [InlineData("09812345678", "+919812345678")]
    [InlineData("9812345678", "+919812345678")]
    [InlineData("00919812345678", "+919812345678")]
    [InlineData("(+91) 9812 345 678", "+919812345678")]
    [InlineData("+1 650 253 0000", "+16502530000")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void Valid_numbers_become_E164(string typed, string expected) => Assert.Equal(expected, ThreeCountries.Normalize(typed));

    [Theory]
    [InlineData("+1 650 253 0000")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+977 984-1234567")]
    public void Numbers_of_other_countries_than_the_facilitys_are_refused(string typed)
    {
        Assert.Null(India.Normalize(typed));
        Assert.Equal("India", India.Countries);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("+91 12345")]
    [InlineData("abcdefghij")]
    [InlineData("+919812345678; DROP TABLE patients")]
    [InlineData("+9198123456789999999999999999999999")]
    public void Invalid_numbers_are_refused(string? typed) => Assert.Null(India.Normalize(typed));

    [Theory]
    [InlineData("  Asha Rao ", "Asha Rao")]
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("tab\tname", null)]
    [InlineData("\u202EEMERGENCY Asha", null)]
    [InlineData("Asha\u200BRao", null)]
    [InlineData("Asha\u2066Rao\u2069", null)]
    [InlineData("Asha\uFEFF", null)]
    [InlineData("सुनीता देवी", "सुनीता देवी")]
    [InlineData("முருகன்", "முருகன்")]
    public void Names_are_trimmed_and_control_and_format_characters_refused(string input, string? expected) =>
        Assert.Equal(expected, PersonNames.Clean(input));

    [Fact]
    public void A_name_longer_than_100_characters_is_refused() => Assert.Null(PersonNames.Clean(new string('a', 101)));

    [Fact]
    public void Codes_are_six_digits_and_match_only_their_own_hash()
    {
        var codes = new OtpCodes(Options.Create(new OtpSettings { HashKey = new string('k', 32) }));
        var code = OtpCodes.NewCode();
        var salt = OtpCodes.NewSalt();
        var hash = codes.Hash(code, salt);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.True(codes.Matches(code, salt, hash));
        Assert.False(codes.Matches(code == "000000" ? "000001" : "000000", salt, hash));
        Assert.False(codes.Matches(code, OtpCodes.NewSalt(), hash));
        Assert.False(new OtpCodes(Options.Create(new OtpSettings { HashKey = new string('x', 32) })).Matches(code, salt, hash));
    }

    [Fact]
    public void A_short_hash_key_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new OtpCodes(Options.Create(new OtpSettings { HashKey = "short" })));

    [Theory]
    [InlineData("123456", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12345a", false)]
    [InlineData("١٢٣٤٥٦", false)]
    [InlineData(null, false)]
    public void Only_six_ascii_digits_are_a_code(string? code, bool expected) => Assert.Equal(expected, OtpCodes.IsWellFormed(code));
}
