namespace Recordings.Tests.Capture;

/// <summary>Waits for a condition by polling it, never by sleeping a guessed time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not true within {timeoutSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
