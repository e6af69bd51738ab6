using SkiaSharp;

namespace OnboardingBot.Manifest.Tests;

/// <summary>Small PNGs for tampered packages.</summary>
internal static class Png
{
    public static byte[] Rgba(int width, int height, Func<int, int, SKColor> pixel)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, pixel(x, y));
            }
        }

        return Encode(bitmap);
    }

    /// <summary>An opaque white image, encoded without an alpha channel.</summary>
    public static byte[] Rgb(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgb888x, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.White);
        return Encode(bitmap);
    }

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
