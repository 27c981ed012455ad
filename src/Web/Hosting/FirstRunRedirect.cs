using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Modules.Environments;

namespace Web.Hosting;

/// <summary>Until the first admin exists, every dashboard page leads to the one-time set-up page.</summary>
internal sealed class FirstRunRedirect(IAdminAccounts admins, FirstRunState state) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var isSetup = context.ActionDescriptor.ViewEnginePath is "/Setup/Index";
        if (!isSetup && !await state.AdminExistsAsync(admins, context.HttpContext.RequestAborted))
        {
            context.Result = new RedirectResult("/setup");
            return;
        }
        await next();
    }
}

/// <summary>Remembers once an admin exists, so later requests skip the query (admins are never deleted).</summary>
internal sealed class FirstRunState
{
    private volatile bool adminExists;

    public async Task<bool> AdminExistsAsync(IAdminAccounts admins, CancellationToken ct) =>
        adminExists || (adminExists = await admins.AnyAdminAsync(ct));
}
