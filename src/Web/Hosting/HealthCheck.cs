using Modules.Environments;
using Modules.Recordings;
using Modules.Sharing;

namespace Web.Hosting;

internal static class HealthCheck
{
    /// <summary>200 when every module's database answers, otherwise 503 naming the ones that do not.</summary>
    public static async Task<IResult> Handle(IEnvironmentsModule environments, IRecordingsModule recordings, ISharingModule sharing, CancellationToken ct)
    {
        var checks = new Dictionary<string, bool>
        {
            ["environments"] = await Safe(() => environments.IsHealthyAsync(ct)),
            ["recordings"] = await Safe(() => recordings.IsHealthyAsync(ct)),
            ["sharing"] = await Safe(() => sharing.IsHealthyAsync(ct)),
        };
        var healthy = checks.Values.All(v => v);
        return Results.Json(new { status = healthy ? "ok" : "unavailable", modules = checks },
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> Safe(Func<Task<bool>> check)
    {
        try { return await check(); }
        catch (Exception) { return false; }
    }
}
