using Microsoft.Playwright;
using OnboardingBot.Testing;
using StbImageSharp;
using ZXing;

namespace OnboardingBot.BrowserTests.Support;

/// <summary>A window size a person uses.</summary>
/// <param name="Name">Used in screenshot file names.</param>
public sealed record Viewport(string Name, int Width, int Height)
{
    /// <summary>A phone held upright (iPhone 12 to 15: 390 CSS pixels wide).</summary>
    public static Viewport Phone { get; } = new("phone", 390, 844);

    /// <summary>A desktop browser window.</summary>
    public static Viewport Desktop { get; } = new("desktop", 1280, 900);

    public static IReadOnlyList<Viewport> Both { get; } = [Phone, Desktop];

    public Task ApplyAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.SetViewportSizeAsync(Width, Height);
    }
}

/// <summary>
/// What a person sees: screenshots under <c>artifacts/screenshots/</c> (not committed; look at them after a run), QR
/// codes decoded from the pixels on the screen, and the layout problems a reader would notice (cut, overflowing text).
/// </summary>
public static class Screens
{
    /// <summary><c>artifacts/screenshots</c> of the repository.</summary>
    public static string Folder { get; } = Path.Combine(ReferenceFiles.RepositoryRoot, "artifacts", "screenshots");

    /// <summary>Saves the whole page as <c>{name}-{viewport}.png</c> at each viewport; leaves the page at the last one.</summary>
    public static async Task ShootAsync(IPage page, string name, IEnumerable<Viewport>? viewports = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(Folder);
        foreach (var viewport in viewports ?? Viewport.Both)
        {
            await viewport.ApplyAsync(page);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}-{viewport.Name}.png"), FullPage = true });
        }
    }

    /// <summary>
    /// The text of the QR code in <paramref name="element"/> as it is on the screen: a screenshot of the element's box
    /// (what its containers clip away is not in it), decoded by ZXing; null when nothing decodes. Saved as
    /// <c>{name}.png</c> for a look.
    /// </summary>
    public static async Task<string?> DecodeShownQrAsync(ILocator element, string name)
    {
        ArgumentNullException.ThrowIfNull(element);
        Directory.CreateDirectory(Folder);
        await element.ScrollIntoViewIfNeededAsync();
        // Visible is not drawn: a loaded box can still be blank while the image decodes (seen under load). Wait
        // until the browser has the picture, as a person's eye would.
        var handle = await element.ElementHandleAsync();
        await element.Page.WaitForFunctionAsync(
            "e => { const img = e.tagName === 'IMG' ? e : e.querySelector('img'); return !img || (img.complete && img.naturalWidth > 0); }", handle);
        var png = await element.ScreenshotAsync(new() { Path = Path.Combine(Folder, name + ".png"), Animations = ScreenshotAnimations.Disabled });
        return Decode(png);
    }

    /// <summary>Decodes a QR code in a screenshot (not a pure barcode: borders, scaling, anti-aliasing).</summary>
    public static string? Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        // AutoRotate as a phone's scanner does: ZXing's first pass misses some clean codes (it depends on the data, so on
        // the random seed) that it reads once it also tries the picture turned; a clean 286 px code failed 1 run in ~10.
        var reader = new BarcodeReaderGeneric { AutoRotate = true, Options = { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(source)?.Text;
    }

    /// <summary>
    /// What a reader would see as broken inside <paramref name="scope"/> (a CSS selector): an element that reaches past
    /// the window's right edge, or one whose text is cut (its content wider than its box while it clips: truncated
    /// titles, labels with an ellipsis), or a word split over two lines (a squeezed column). One line per problem,
    /// naming the element and its text.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LayoutProblemsAsync(IPage page, string scope)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>(
            """
            scope => {
              const problems = [];
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth > width + 1) {
                problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
              }
              // Screen-reader-only text lives in 1 px boxes that clip on purpose; nothing in them is seen.
              const unseen = el => {
                for (let e = el; e; e = e.parentElement) {
                  const b = e.getBoundingClientRect();
                  const s = getComputedStyle(e);
                  if (s.display !== 'contents' && (b.width <= 2 || b.height <= 2 || s.opacity === '0')) return true;
                }
                return false;
              };
              for (const root of document.querySelectorAll(scope)) {
                for (const el of [root, ...root.querySelectorAll('*')]) {
                  const box = el.getBoundingClientRect();
                  if (box.width === 0 || box.height === 0) continue;
                  const style = getComputedStyle(el);
                  if (style.visibility === 'hidden' || unseen(el)) continue;
                  const label = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.innerText || el.getAttribute('alt') || el.getAttribute('aria-label') || '').trim().slice(0, 60)}"`;
                  if (box.right > width + 1) {
                    problems.push(`${label} reaches ${Math.round(box.right)}px in a ${width}px window`);
                  }
                  // A word split over two lines; a break after a hyphen is a line break, and values meant to break
                  // anywhere (keys, URLs, code) may.
                  if (el.children.length === 0 && style.wordBreak !== 'break-all' && el.tagName !== 'CODE') {
                    for (const node of el.childNodes) {
                      if (node.nodeType !== Node.TEXT_NODE) continue;
                      for (const match of node.textContent.matchAll(/[^\s-]+-?/g)) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                        if (lines.size > 1 && match[0].length < 30) {
                          problems.push(`${label} splits the word "${match[0]}" over ${lines.size} lines`);
                        }
                      }
                    }
                  }
                  const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
                  if (clips && el.scrollWidth > el.clientWidth + 1 && (el.innerText || '').trim().length > 0 && el.children.length === 0) {
                    problems.push(`${label} is cut: ${el.scrollWidth}px of text in a ${el.clientWidth}px box`);
                  }
                }
              }
              return problems;
            }
            """,
            scope);
    }
}
