using Modules.Recordings.Contracts;
using Web.Listing;

namespace Recordings.Tests.Units;

/// <summary>The one reader of the list's filters, as the API and the dashboard use it, without a server.</summary>
[Trait("Category", "Unit")]
public sealed class ListFilterReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static (RecordingListQuery Query, List<(string Field, string Message)> Errors) Read(
        ListFilterReader.Words words, Dictionary<string, string> values, int? admin = 7, string? direction = null)
    {
        List<(string, string)> errors = [];
        var reader = new ListFilterReader(values.GetValueOrDefault, words, (field, message) => errors.Add((field.Name, message)), Now);
        return (reader.Read(1, 25, 0, admin, direction), errors);
    }

    [Fact]
    public void The_api_and_the_dashboard_read_the_same_filters_into_the_same_query()
    {
        var (api, apiErrors) = Read(ListFilterReader.Api, new()
        {
            ["date_from"] = "2026-06-01", ["date_to"] = "2026-06-10", ["distinct_id"] = "alice", ["min_duration"] = "15",
            ["max_duration"] = "600", ["start_url"] = "/cart", ["has_console_errors"] = "true", ["viewed"] = "false",
            ["snapshot_source"] = "all", ["order"] = "-duration",
        });
        var (form, formErrors) = Read(ListFilterReader.Dashboard, new()
        {
            ["from"] = "2026-06-01", ["to"] = "2026-06-10", ["person"] = "alice", ["minSeconds"] = "15", ["maxSeconds"] = "600",
            ["url"] = "/cart", ["errors"] = "yes", ["viewed"] = "no", ["order"] = "-duration",
        });
        Assert.Empty(apiErrors);
        Assert.Empty(formErrors);
        Assert.Equal(api, form);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1, api.ToMs);
        Assert.Equal((RecordingOrder.Duration, true), (api.Order, api.Descending));
    }

    [Fact]
    public void Each_surface_keeps_its_own_defaults()
    {
        var (api, _) = Read(ListFilterReader.Api, []);
        Assert.Equal(Now.AddDays(-3).ToUnixTimeMilliseconds(), api.FromMs);
        Assert.Equal(RecordingKind.Replayable, api.Kind);
        var (byId, _) = Read(ListFilterReader.Api, new() { ["session_ids"] = "[\"b\",\"a\"]" });
        Assert.Null(byId.FromMs);
        Assert.Equal(["b", "a"], byId.SessionIds);
        Assert.Equal(RecordingOrder.AsGiven, byId.Order);

        var (form, _) = Read(ListFilterReader.Dashboard, []);
        Assert.Null(form.FromMs);
        Assert.Equal(RecordingKind.All, form.Kind);
        // PostHog's bare order is largest first; the form's bare order is smallest first.
        Assert.True(Read(ListFilterReader.Api, new() { ["order"] = "duration" }).Query.Descending);
        Assert.False(Read(ListFilterReader.Api, new() { ["order"] = "duration" }, direction: "ASC").Query.Descending);
        Assert.False(Read(ListFilterReader.Dashboard, new() { ["order"] = "duration" }).Query.Descending);
    }

    [Fact]
    public void Every_unusable_value_is_reported_by_its_own_field_in_the_surfaces_words()
    {
        var (_, errors) = Read(ListFilterReader.Dashboard, new()
        {
            ["from"] = "yesterday-ish", ["minSeconds"] = "-5", ["maxSeconds"] = "abc", ["personUuid"] = "bob", ["errors"] = "sometimes",
            ["kind"] = "mobile", ["order"] = "-clicks", ["sessionIds"] = new string('x', 129),
        });
        Assert.Equal(
            new[] { "errors", "from", "kind", "maxSeconds", "minSeconds", "order", "personUuid", "sessionIds" },
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Contains("“", e.Message));

        var (_, apiErrors) = Read(ListFilterReader.Api, new() { ["viewed"] = "true" }, admin: null);
        Assert.Equal("viewed", Assert.Single(apiErrors).Field);
        var (_, conflict) = Read(ListFilterReader.Api, new() { ["order"] = "-duration" }, direction: "ASC");
        Assert.Equal("order_direction", Assert.Single(conflict).Field);
        var (_, range) = Read(ListFilterReader.Api, new() { ["date_from"] = "-1d", ["date_to"] = "-3d" });
        Assert.Equal("date_from", Assert.Single(range).Field);
    }
}
