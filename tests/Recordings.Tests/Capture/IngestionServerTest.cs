using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>A fresh server per test with an HTTP client to it and a reader of what its recordings database holds.</summary>
public abstract class IngestionServerTest : IDisposable
{
    protected readonly RecordingsApp app = new();
    protected readonly HttpClient http;
    protected readonly CapturedData stored;

    protected IngestionServerTest()
    {
        http = app.NewClient();
        stored = new CapturedData(app.DataDirectory);
    }

    public void Dispose()
    {
        http.Dispose();
        app.Dispose();
        GC.SuppressFinalize(this);
    }
}
