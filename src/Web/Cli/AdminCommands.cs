using Modules.Environments;

namespace Web.Cli;

internal static class AdminCommands
{
    /// <summary><c>admin create --email E --password P</c></summary>
    public static async Task<object> CreateAsync(CommandArguments a, IServiceProvider services)
    {
        var email = a.Required("email");
        var password = a.Required("password");
        a.EnsureAllUsed();
        var admin = await services.GetRequiredService<IEnvironmentsModule>().CreateAdminAsync(email, password);
        return new { admin.Id, admin.Email, admin.CreatedAt };
    }

    /// <summary><c>admin set-password --email E --password P</c>: also ends every session of that admin.</summary>
    public static async Task<object> SetPasswordAsync(CommandArguments a, IServiceProvider services)
    {
        var email = a.Required("email");
        var password = a.Required("password");
        a.EnsureAllUsed();
        var admin = await services.GetRequiredService<IEnvironmentsModule>().ChangeAdminPasswordAsync(email, password);
        return new { admin.Id, admin.Email, SessionsEnded = true };
    }

    /// <summary><c>admin remove --email E</c>: their sessions end at once and their API keys are revoked.</summary>
    public static async Task<object> RemoveAsync(CommandArguments a, IServiceProvider services)
    {
        var email = a.Required("email");
        a.EnsureAllUsed();
        await services.GetRequiredService<IEnvironmentsModule>().RemoveAdminAsync(email);
        return new { Removed = email };
    }
}
