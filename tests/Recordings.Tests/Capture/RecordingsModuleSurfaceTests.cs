using System.Reflection;
using Modules.Recordings;

namespace Recordings.Tests.Capture;

public sealed class RecordingsModuleSurfaceTests
{
    [Fact]
    public void The_recordings_module_exposes_only_its_entry_point_its_interface_and_its_contracts()
    {
        var exposed = typeof(IRecordingsModule).Assembly.GetExportedTypes()
            .Where(t => t != typeof(RecordingsModule) && t != typeof(IRecordingsModule) && t.Namespace != "Modules.Recordings.Contracts")
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(exposed);
    }
}
