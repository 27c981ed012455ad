using Web.Cli;
using Web.Hosting;

if (OperatorCommand.IsCommand(args)) return await OperatorCommand.RunAsync(args);

var app = RecordingsServer.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
