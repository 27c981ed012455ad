using System.CommandLine;
using Modules.Environments;

namespace Web.Cli;

internal static class AdminCommands
{
    public static Command Create(OperatorCommand.Runner run)
    {
        var email = CliOptions.Text("--email", "The admin's email address");
        var password = CliOptions.Text("--password", "At least 12 characters");
        return new Command("admin", "Dashboard admins: create one, change a password, remove one")
        {
            run.Handle(new Command("create", "Creates an admin who can sign in to the dashboard") { email, password },
                async (p, services) =>
                {
                    var admin = await services.GetRequiredService<IAdminAccounts>().CreateAdminAsync(p.GetValue(email)!, p.GetValue(password)!);
                    return new { admin.Id, admin.Email, admin.CreatedAt };
                }),
            run.Handle(new Command("set-password", "Changes an admin's password and ends every session they have") { email, password },
                async (p, services) =>
                {
                    var admin = await services.GetRequiredService<IAdminAccounts>().ChangeAdminPasswordAsync(p.GetValue(email)!, p.GetValue(password)!);
                    return new { admin.Id, admin.Email, SessionsEnded = true };
                }),
            run.Handle(new Command("remove", "Removes an admin (not the last): their sessions end at once and their API keys are revoked") { email },
                async (p, services) =>
                {
                    await services.GetRequiredService<IAdminAccounts>().RemoveAdminAsync(p.GetValue(email)!);
                    return new { Removed = p.GetValue(email) };
                }),
        };
    }
}
