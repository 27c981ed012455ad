using Modules.Environments;
using Modules.Recordings;
using Modules.Sharing;

namespace Web.Hosting;

/// <summary>Prepares the databases and applies every module's migrations before anything else starts.</summary>
internal sealed class ModuleInitialiser(IServiceProvider services, ModuleDatabases databases) : IHostedLifecycleService
{
    public async Task InitialiseAsync(CancellationToken ct)
    {
        databases.Prepare();
        await services.InitialiseEnvironmentsModuleAsync(ct);
        await services.InitialiseRecordingsModuleAsync(ct);
        await services.InitialiseSharingModuleAsync(ct);
    }

    public Task StartingAsync(CancellationToken ct) => InitialiseAsync(ct);
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
