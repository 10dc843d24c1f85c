using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Text that one person types and others read: a patient's name on the hall screen, a service's description.
/// Control characters and format characters (bidi overrides that turn what follows around, zero-width
/// characters that hide text) are refused, so such text can only ever show as itself.
/// </summary>
public static class PlainText
{
    public static bool IsPlain(string text) => !text.Any(IsHidden);

    private static bool IsHidden(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}

public static class PersonNames
{
    public const int MaxLength = 100;

    /// <summary>A name trimmed, 1 to <see cref="MaxLength"/> characters of plain text (<see cref="PlainText"/>); null when it is not one.</summary>
    public static string? Clean(string? input)
    {
        var name = input?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > MaxLength || !PlainText.IsPlain(name) ? null : name;
    }

    /// <summary>The answer to a name that is not one; <c>field</c> names the member for pages to point at.</summary>
    public static ProblemHttpResult Invalid() => ProblemResults.Of(
        StatusCodes.Status400BadRequest,
        "Invalid name",
        $"A name is 1 to {MaxLength} characters, without control or invisible formatting characters.",
        new Dictionary<string, object?> { ["field"] = "name" });
}
