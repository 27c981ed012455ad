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
}
