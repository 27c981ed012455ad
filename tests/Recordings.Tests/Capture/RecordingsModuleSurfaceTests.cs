using Modules.Recordings;

namespace Recordings.Tests.Capture;

public sealed class RecordingsModuleSurfaceTests
{
    [Fact]
    public void The_recordings_module_exposes_its_registration_its_role_interfaces_and_its_contracts_and_nothing_else()
    {
        var exposed = typeof(RecordingsModule).Assembly.GetExportedTypes()
            .Where(t => t != typeof(RecordingsModule) && !(t.IsInterface && t.Namespace == "Modules.Recordings") && t.Namespace != "Modules.Recordings.Contracts")
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(exposed);
        Assert.Equal(
            ["IRecordingCatalog", "IRecordingCollections", "IRecordingIngestion", "IRecordingInsights", "IRecordingSnapshots", "IRecordingStorage"],
            typeof(RecordingsModule).Assembly.GetExportedTypes().Where(t => t.IsInterface && t.Namespace == "Modules.Recordings").Select(t => t.Name).Order());
    }
}
