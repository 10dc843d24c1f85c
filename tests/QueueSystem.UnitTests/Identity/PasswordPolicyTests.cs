using QueueSystem.Identity.Staff;

namespace QueueSystem.UnitTests.Identity;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("          ")]
    [InlineData("short")]
    [InlineData("Password123!")]
    [InlineData("qwertyuiop1")]
    [InlineData("operator1operator1")]
    [InlineData("hospital-queue")]
    public void Common_short_and_name_based_passwords_are_refused(string password) =>
        Assert.NotNull(PasswordPolicy.WeaknessOf(password, "operator1"));

    [Theory]
    [InlineData("Heron-Desk-Lamp-47")]
    [InlineData("correct horse battery staple")]
    [InlineData("kV9#mQ2!xLp7@wRt")]
    public void Long_unrelated_words_and_random_characters_are_taken(string password) =>
        Assert.Null(PasswordPolicy.WeaknessOf(password, "operator1"));

    [Fact]
    public void A_password_longer_than_256_characters_is_refused() =>
        Assert.NotNull(PasswordPolicy.WeaknessOf(new string('x', 100) + Guid.NewGuid() + new string('y', 200), "operator1"));
}
