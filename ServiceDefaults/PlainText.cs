using System.Globalization;

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
    /// <summary>A name trimmed, 1 to 100 characters of plain text (<see cref="PlainText"/>); null when it is not one.</summary>
    public static string? Clean(string? input)
    {
        var name = input?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > 100 || !PlainText.IsPlain(name) ? null : name;
    }
}
