using Microsoft.Playwright;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SavedFiltersAndCollectionsTests(Chromium chromium)
{
    [Fact]
    public async Task A_saved_filter_and_a_collection_with_a_pinned_recording_survive_a_restart_and_the_pinned_one_is_kept()
    {
        string dataDirectory;
        int environmentId;
        using (var app = new RecordingsApp())
        {
            dataDirectory = app.DataDirectory;
            var env = await CaptureEnvironment.CreateAsync(app);
            environmentId = env.Id;
            var seeder = new RecordingSeeder(app.NewClient(), env.Token);
            await seeder.ShopVisitAsync("pinned-visit");
            await seeder.ShopVisitAsync("other-visit", startAgoMs: 120_000);

            var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
            await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings?minSeconds=1&order=-duration").ToString());
            await admin.FillAsync("#save-name", "Long ones");
            await admin.ClickAsync("#save-filter");
            await Assertions.Expect(admin.Locator("a.saved-filter[data-saved='Long ones']")).ToBeVisibleAsync();

            await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings/pinned-visit").ToString(), DashboardBrowser.PlayerPage);
            await admin.FillAsync("#pin-collection", "Checkout bugs");
            await admin.ClickAsync("#pin");
            await Assertions.Expect(admin.Locator("[data-testid=pinned-in]")).ToContainTextAsync("Checkout bugs");
            await admin.Context.CloseAsync();
        }

        using var restarted = new RecordingsApp(dataDirectory);
        var again = await DashboardBrowser.SignInAsync(chromium.Browser, restarted);
        await again.GotoAsync(new Uri(restarted.BaseAddress, $"/environments/{environmentId}/recordings").ToString());
        var saved = again.Locator("a.saved-filter[data-saved='Long ones']");
        Assert.Equal("?minSeconds=1&order=-duration", new Uri(new Uri(restarted.BaseAddress, "/"), (await saved.GetAttributeAsync("href"))!).Query);
        await again.Locator("a.collection[data-collection='Checkout bugs']").ClickAsync();
        await Assertions.Expect(again.Locator("tr[data-session]")).ToHaveCountAsync(1);
        await Assertions.Expect(again.Locator("tr[data-session='pinned-visit'] .badge", new() { HasTextString = "kept" })).ToHaveCountAsync(1);
        await again.Context.CloseAsync();
    }
}
