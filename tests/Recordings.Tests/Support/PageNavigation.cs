using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Recordings.Tests.Support;

/// <summary>
/// Waits for a page to arrive at a URL by polling its address, as an assertion does. Playwright's WaitForURLAsync
/// then waits for the "load" event too, and in a full test run that wait timed out on a page already at the URL
/// (its log: "networkidle" fired, which comes after "load"). Whatever the test does next waits for its own element.
/// </summary>
public static class PageNavigation
{
    private static readonly PageAssertionsToHaveURLOptions Patience = new() { Timeout = 30000 };

    public static Task ReachesUrlAsync(this IPage page, Regex url) => Assertions.Expect(page).ToHaveURLAsync(url, Patience);

    public static Task ReachesUrlAsync(this IPage page, string url) => Assertions.Expect(page).ToHaveURLAsync(url, Patience);
}
