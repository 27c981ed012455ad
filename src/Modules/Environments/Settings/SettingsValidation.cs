using Modules.Environments.Contracts;

namespace Modules.Environments.Settings;

internal static class SettingsValidation
{
    public const int MaxNameLength = 100;
    public const int MaxQuota = 100_000_000;
    public const int MaxRetentionDays = 3650;
    public const int MaxOrigins = 50;

    public static string Name(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new InvalidInputException("name", "Name is required.");
        if (trimmed.Length > MaxNameLength) throw new InvalidInputException("name", $"Name must be at most {MaxNameLength} characters.");
        if (trimmed.Any(char.IsControl)) throw new InvalidInputException("name", "Name must not contain control characters.");
        return trimmed;
    }

    public static EnvironmentSettings Settings(EnvironmentSettings s)
    {
        if (s.PlaybackQuota is < 0 or > MaxQuota)
            throw new InvalidInputException("playbackQuota", $"Playback quota must be between 0 and {MaxQuota}, or empty for unlimited.");
        if (s.RetentionDays is < 1 or > MaxRetentionDays)
            throw new InvalidInputException("retentionDays", $"Retention must be between 1 and {MaxRetentionDays} days.");
        return s with { AllowedOrigins = Origins(s.AllowedOrigins) };
    }

    private static IReadOnlyList<string> Origins(IReadOnlyList<string> origins)
    {
        var result = new List<string>();
        foreach (var raw in origins.Select(o => o.Trim()).Where(o => o.Length > 0))
        {
            if (raw.Length > 200 || !Uri.TryCreate(raw, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || raw.EndsWith('/') && raw.Count(c => c == '/') > 2)
                throw new InvalidInputException("allowedOrigins", $"'{Cut(raw)}' is not an origin like https://example.com or http://localhost:8080.");
            var origin = uri.GetLeftPart(UriPartial.Authority);
            if (!result.Contains(origin)) result.Add(origin);
        }
        if (result.Count > MaxOrigins) throw new InvalidInputException("allowedOrigins", $"At most {MaxOrigins} allowed origins.");
        return result;
    }

    private static string Cut(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
