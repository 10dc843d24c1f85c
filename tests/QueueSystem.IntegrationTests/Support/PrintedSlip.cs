using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using ZXing;
using ZXing.Common;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// A page printed as the browser prints it (PDF, print styles), then read back as a printer's output would be seen:
/// its text (Poppler's pdftotext), a black-and-white image of it kept as an artifact to look at (pdftoppm), and the QR
/// code found in that image (ZXing).
/// </summary>
public sealed record PrintedSlip(string Text, string ImagePath, string? QrCode)
{
    /// <summary>
    /// Counts the page's print requests instead of opening the print dialog (which, headless, would hold the page
    /// until it is closed); <see cref="PrintRequestsAsync"/> reads the count.
    /// </summary>
    public static Task CountPrintRequestsAsync(IPage page) => page.EvaluateAsync("() => { window.printRequests = 0; window.print = () => { window.printRequests++; }; }");

    public static Task<int> PrintRequestsAsync(IPage page) => page.EvaluateAsync<int>("() => window.printRequests");

    public static async Task<PrintedSlip> PrintAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Chromium.Artifacts);
        var pdf = Path.Combine(Chromium.Artifacts, $"{name}.pdf");
        await page.PdfAsync(new() { Path = pdf, PreferCSSPageSize = true });
        var text = await RunAsync("pdftotext", "-layout", pdf, "-");
        var image = Path.Combine(Chromium.Artifacts, name);
        // Monochrome, as a thermal printer prints: a QR code that decodes here decodes on paper.
        await RunAsync("pdftoppm", "-r", "203", "-mono", "-png", "-singlefile", pdf, image);
        await RunAsync("pdftoppm", "-r", "203", "-gray", "-singlefile", pdf, image);
        return new PrintedSlip(text, image + ".png", DecodeQr(await File.ReadAllBytesAsync(image + ".pgm")));
    }

    /// <summary>The QR code's text in a binary PGM image (P5, 8-bit), or null when there is none.</summary>
    private static string? DecodeQr(byte[] pgm)
    {
        var header = Encoding.ASCII.GetString(pgm, 0, 64).Split((char[])['\n', ' ', '\r', '\t'], 5, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("P5", header[0]);
        var (width, height) = (int.Parse(header[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture));
        var pixels = pgm.AsSpan(pgm.Length - (width * height)).ToArray();
        var source = new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(source)?.Text;
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await errors}");
        return await output;
    }
}
