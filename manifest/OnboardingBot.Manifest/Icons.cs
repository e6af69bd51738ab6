using SkiaSharp;

namespace OnboardingBot.Manifest;

/// <summary>
/// The app's icons, drawn here: a person with a key (an AWS sign-in for a new team member). The colour icon is the
/// white glyph on the accent colour, 192×192; the outline icon is the glyph alone, white on transparent, 32×32.
/// </summary>
internal static class Icons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    /// <summary>The manifest's <c>accentColor</c>, the colour icon's background.</summary>
    public const string AccentColor = "#1F6F8B";

    /// <summary>The colour icon, PNG.</summary>
    public static byte[] Color() => Draw(ColorSize, SKColor.Parse(AccentColor), glyphShare: 0.62f);

    /// <summary>The outline icon, PNG with an alpha channel; every pixel white or fully transparent.</summary>
    public static byte[] Outline() => Draw(OutlineSize, background: null, glyphShare: 0.94f);

    private static byte[] Draw(int size, SKColor? background, float glyphShare)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(background ?? SKColors.Transparent);
            var glyph = size * glyphShare;
            canvas.Translate((size - glyph) / 2, (size - glyph) / 2);
            canvas.Scale(glyph);
            using var paint = new SKPaint { IsAntialias = true, Color = SKColors.White, Style = SKPaintStyle.Fill };
            using var path = Glyph();
            canvas.DrawPath(path, paint);
        }

        if (background is null)
        {
            Whiten(bitmap);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    // The glyph in a unit square: a head and shoulders on the left, a key standing on the right (its bow a ring).
    private static SKPath Glyph()
    {
        using var shapes = new SKPathBuilder();
        shapes.AddCircle(0.34f, 0.30f, 0.17f, SKPathDirection.Clockwise);
        shapes.AddRoundRect(new SKRoundRect(new SKRect(0.04f, 0.55f, 0.64f, 1.10f), 0.26f), SKPathDirection.Clockwise);
        shapes.AddCircle(0.80f, 0.28f, 0.15f, SKPathDirection.Clockwise);
        shapes.AddRect(new SKRect(0.755f, 0.36f, 0.845f, 0.96f), SKPathDirection.Clockwise);
        shapes.AddRect(new SKRect(0.80f, 0.70f, 0.94f, 0.77f), SKPathDirection.Clockwise);
        shapes.AddRect(new SKRect(0.80f, 0.84f, 0.91f, 0.91f), SKPathDirection.Clockwise);
        using var hole = new SKPathBuilder();
        hole.AddCircle(0.80f, 0.28f, 0.06f, SKPathDirection.Clockwise);
        // The shoulders stop at the square's bottom edge.
        using var square = new SKPathBuilder();
        square.AddRect(new SKRect(0, 0, 1, 1), SKPathDirection.Clockwise);
        using var all = shapes.Detach();
        using var solid = all.Simplify();
        using var holePath = hole.Detach();
        using var ring = solid.Op(holePath, SKPathOp.Difference);
        using var squarePath = square.Detach();
        return ring.Op(squarePath, SKPathOp.Intersect);
    }

    // Anti-aliased edges keep their coverage in alpha; the colour is white everywhere, as Teams asks of an outline icon.
    private static void Whiten(SKBitmap bitmap)
    {
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var alpha = bitmap.GetPixel(x, y).Alpha;
                bitmap.SetPixel(x, y, alpha == 0 ? SKColors.Transparent : new SKColor(255, 255, 255, alpha));
            }
        }
    }
}
