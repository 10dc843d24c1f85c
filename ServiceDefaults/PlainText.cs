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
