using System.CommandLine;
using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Cli;

internal static class ApiKeyCommands
{
    /// <summary>
    /// <c>apikey create --name N --scopes a,b [--environment ID[,ID]] [--admin EMAIL]</c>. With <c>--admin</c> the key
    /// acts for that admin (its <c>viewed</c> is theirs); without it the key belongs to no admin and sees nothing as viewed.
    /// </summary>
    public static Command Create(OperatorCommand.Runner run)
    {
        var name = CliOptions.Text("--name", "What the key is for");
        var scopes = CliOptions.List("--scopes", "session_recording:read, session_recording:write, sharing_configuration:read, sharing_configuration:write", required: true);
        var environments = CliOptions.List("--environment", "Limit the key to these environment ids; all environments when left out");
        var adminEmail = CliOptions.Text("--admin", "The admin the key acts for (its viewed recordings are theirs)", required: false);
        return new Command("apikey", "Personal API keys for the REST API")
        {
            run.Handle(new Command("create", "Makes a key and prints it once") { name, scopes, environments, adminEmail },
                async (p, services) =>
                {
                    var ids = p.GetValue(environments)?
                        .Select(e => int.TryParse(e, out var id) ? id : throw new InvalidInputException("environment", $"'{e}' is not an environment id."))
                        .ToList();
                    var admins = services.GetRequiredService<IAdminAccounts>();
                    var email = p.GetValue(adminEmail);
                    int? owner = email is null ? null
                        : (await admins.FindAdminAsync(email) ?? throw new InvalidInputException("admin", $"No admin has the email '{email}'.")).Id;
                    var created = await services.GetRequiredService<IApiKeys>().CreateApiKeyAsync(p.GetValue(name)!, p.GetValue(scopes)!, ids, owner);
                    return new
                    {
                        created.Key, created.Info.Id, created.Info.Name, created.Info.Prefix, created.Info.Scopes, created.Info.EnvironmentIds,
                        Admin = created.Info.OwnerEmail,
                    };
                }),
        };
    }
}
