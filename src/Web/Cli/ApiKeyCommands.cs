using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Cli;

internal static class ApiKeyCommands
{
    /// <summary><c>apikey create --name N --scopes a,b [--environment ID[,ID]]</c></summary>
    public static async Task<object> CreateAsync(CommandArguments a, IServiceProvider services)
    {
        var name = a.Required("name");
        var scopes = a.Required("scopes").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var environments = a.Optional("environment")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(e => int.TryParse(e, out var id) ? id : throw new InvalidInputException("environment", $"'{e}' is not an environment id."))
            .ToList();
        a.EnsureAllUsed();
        var created = await services.GetRequiredService<IEnvironmentsModule>().CreateApiKeyAsync(name, scopes, environments);
        return new { created.Key, created.Info.Id, created.Info.Name, created.Info.Prefix, created.Info.Scopes, created.Info.EnvironmentIds };
    }
}
