using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Recordings.Tests.Support;

namespace Recordings.Tests.Security;

public sealed class SignInTimingTests
{
    /// <summary>
    /// A password check costs tens of milliseconds on purpose (PBKDF2); an unknown email answered without one would tell
    /// anyone which emails are admins' by the time the answer takes. Measured interleaved, so load affects both alike.
    /// </summary>
    [Fact]
    public async Task Signing_in_with_an_unknown_email_takes_as_long_as_with_a_wrong_password()
    {
        await using var app = new RecordingsApp();
        await app.Service(sp => sp.GetRequiredService<IAdminAccounts>()).CreateAdminAsync("admin@example.com", Dashboard.Password);
        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            wrong.Add(await TimeAsync(app, "admin@example.com"));
            unknown.Add(await TimeAsync(app, $"nobody{i}@example.com"));
        }
        // Without a check for an unknown email its answer comes in well under a tenth of a wrong password's.
        Assert.True(Median(unknown) >= 0.4 * Median(wrong), $"unknown email {Median(unknown):F1} ms, wrong password {Median(wrong):F1} ms");
    }

    private static async Task<double> TimeAsync(RecordingsApp app, string email)
    {
        var admins = app.Service(sp => sp.GetRequiredService<IAdminAccounts>());
        var started = Stopwatch.GetTimestamp();
        Assert.Null(await admins.VerifyAdminAsync(email, "not the password at all"));
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
