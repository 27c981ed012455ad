using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class PlaybackQuotaTests : IDisposable
{
    private readonly RecordingsApp app = new();

    private async Task<T> Module<T>(Func<EnvironmentsRoles, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(EnvironmentsRoles.Of(scope.ServiceProvider));
    }

    private async Task<int> EnvironmentWith(int? quota, bool manual)
    {
        var env = await Module(m => m.Catalog.CreateEnvironmentAsync("Quota test"));
        await Module(m => m.Catalog.UpdateEnvironmentAsync(env.Id, env.Name, env.Settings with { PlaybackQuota = quota, ManualPlaybackStart = manual }));
        return env.Id;
    }

    [Fact]
    public async Task Two_hundred_concurrent_reservations_against_a_quota_of_fifty_grant_exactly_fifty()
    {
        var env = await EnvironmentWith(50, manual: true);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => Module(m => m.Rules.RequestPlaybackAsync(env, $"session-{i}")))));

        Assert.Equal(50, decisions.Count(d => d.Mode == TrackingMode.Playback));
        Assert.All(decisions.Where(d => d.Mode == TrackingMode.Behavior), d => Assert.Equal(TrackingReasons.QuotaExhausted, d.Reason));
        Assert.Equal(50, (await Module(m => m.Rules.GetPlaybackQuotaUsageAsync(env))).Used);
    }

    [Fact]
    public async Task The_same_session_reserving_many_times_at_once_counts_once()
    {
        var env = await EnvironmentWith(10, manual: true);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => Module(m => m.Rules.RequestPlaybackAsync(env, "one-session")))));
        Assert.All(decisions, d => Assert.Equal(TrackingMode.Playback, d.Mode));
        await Module(m => m.Rules.BeginSessionAsync(env, "one-session"));
        Assert.Equal(1, (await Module(m => m.Rules.GetPlaybackQuotaUsageAsync(env))).Used);
    }

    [Fact]
    public async Task With_the_manual_toggle_off_a_new_session_starts_in_playback_and_counts()
    {
        var env = await EnvironmentWith(null, manual: false);
        var decision = await Module(m => m.Rules.BeginSessionAsync(env, "auto"));
        Assert.Equal(TrackingDecision.Playback, decision);
        Assert.Equal(1, (await Module(m => m.Rules.GetPlaybackQuotaUsageAsync(env))).Used);
    }

    [Fact]
    public async Task With_the_manual_toggle_on_a_session_waits_in_behaviour_mode_without_counting()
    {
        var env = await EnvironmentWith(5, manual: true);
        var decision = await Module(m => m.Rules.BeginSessionAsync(env, "waiting"));
        Assert.Equal(TrackingDecision.Behavior(TrackingReasons.AwaitingManualStart), decision);
        Assert.Equal(0, (await Module(m => m.Rules.GetPlaybackQuotaUsageAsync(env))).Used);
    }

    [Fact]
    public async Task A_session_in_playback_stays_there_when_the_toggle_or_quota_changes_later()
    {
        var env = await EnvironmentWith(1, manual: false);
        Assert.Equal(TrackingMode.Playback, (await Module(m => m.Rules.BeginSessionAsync(env, "first"))).Mode);
        var info = (await Module(m => m.Catalog.FindEnvironmentAsync(env)))!;
        await Module(m => m.Catalog.UpdateEnvironmentAsync(env, info.Name, info.Settings with { ManualPlaybackStart = true, PlaybackQuota = 0 }));
        Assert.Equal(TrackingMode.Playback, (await Module(m => m.Rules.BeginSessionAsync(env, "first"))).Mode);
        Assert.Equal(TrackingMode.Playback, (await Module(m => m.Rules.RequestPlaybackAsync(env, "first"))).Mode);
    }

    [Fact]
    public async Task A_quota_of_zero_grants_nothing_and_says_why()
    {
        var env = await EnvironmentWith(0, manual: false);
        Assert.Equal(TrackingDecision.Behavior(TrackingReasons.QuotaExhausted), await Module(m => m.Rules.BeginSessionAsync(env, "a")));
        Assert.Equal(TrackingDecision.Behavior(TrackingReasons.QuotaExhausted), await Module(m => m.Rules.RequestPlaybackAsync(env, "a")));
    }

    [Fact]
    public async Task Disabled_recording_keeps_every_session_in_behaviour_mode()
    {
        var env = await EnvironmentWith(null, manual: false);
        var info = (await Module(m => m.Catalog.FindEnvironmentAsync(env)))!;
        await Module(m => m.Catalog.UpdateEnvironmentAsync(env, info.Name, info.Settings with { RecordingEnabled = false }));
        Assert.Equal(TrackingDecision.Behavior(TrackingReasons.RecordingDisabled), await Module(m => m.Rules.RequestPlaybackAsync(env, "s")));
        Assert.Equal(0, (await Module(m => m.Rules.GetPlaybackQuotaUsageAsync(env))).Used);
    }

    public void Dispose() => app.Dispose();
}
