using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Cli;

internal static class ApiKeyCommands
{
    /// <summary>
    /// <c>apikey create --name N --scopes a,b [--environment ID[,ID]] [--admin EMAIL]</c>. With <c>--admin</c> the key
    /// acts for that admin (its <c>viewed</c> is theirs); without it the key belongs to no admin and sees nothing as viewed.
    /// </summary>
    public static async Task<object> CreateAsync(CommandArguments a, IServiceProvider services)
    {
        var name = a.Required("name");
        var scopes = a.Required("scopes").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var environments = a.Optional("environment")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(e => int.TryParse(e, out var id) ? id : throw new InvalidInputException("environment", $"'{e}' is not an environment id."))
            .ToList();
        var adminEmail = a.Optional("admin");
        a.EnsureAllUsed();
        var module = services.GetRequiredService<IEnvironmentsModule>();
        int? owner = adminEmail is null ? null
            : (await module.FindAdminAsync(adminEmail) ?? throw new InvalidInputException("admin", $"No admin has the email '{adminEmail}'.")).Id;
        var created = await module.CreateApiKeyAsync(name, scopes, environments, owner);
        return new
        {
            created.Key, created.Info.Id, created.Info.Name, created.Info.Prefix, created.Info.Scopes, created.Info.EnvironmentIds,
            Admin = created.Info.OwnerEmail,
        };
    }
}
