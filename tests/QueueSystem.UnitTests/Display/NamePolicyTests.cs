using Microsoft.Extensions.Options;
using MySqlConnector;
using QueueSystem.Display.Live;
using QueueSystem.Display.ReadModels;

namespace QueueSystem.UnitTests.Display;

public class NamePolicyTests
{
    private static string Shown(NamePolicy policy, string? name)
    {
        using var unused = new MySqlDataSource("Server=unused");
        var boards = new BoardQueries(new DisplayStore(unused), Options.Create(new DisplayOptions { NamePolicy = policy }), TimeProvider.System);
        return boards.PublicName(name);
    }

    [Theory]
    [InlineData(NamePolicy.Full, "Asha Rao", "Asha Rao")]
    [InlineData(NamePolicy.Initials, "asha  rao", "A. R.")]
    [InlineData(NamePolicy.Initials, "Ravi", "R.")]
    [InlineData(NamePolicy.None, "Asha Rao", "")]
    [InlineData(NamePolicy.Initials, null, "")]
    public void Public_screens_show_names_as_the_policy_says(NamePolicy policy, string? name, string shown) =>
        Assert.Equal(shown, Shown(policy, name));
}
