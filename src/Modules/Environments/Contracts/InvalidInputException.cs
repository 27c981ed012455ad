namespace Modules.Environments.Contracts;

/// <summary>The caller's input was rejected; nothing was changed. The message is safe to show.</summary>
public sealed class InvalidInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The thing asked for does not exist (or the caller may not see it).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>Thrown when a request comes too fast (a rate limit); nothing was changed. Retry after the given time.</summary>
public sealed class RateLimitedException(string message, int retryAfterSeconds) : Exception(message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
