namespace Web.Api;

/// <summary>The REST API's routes: one <c>/api</c> group behind the API key filter, and in it the session recordings group.</summary>
internal static class ApiRoutes
{
    public static void MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyAuthentication>();
        api.MapProjectsApi();
        api.MapSessionEventsApi();
        var recordings = api.MapGroup(SessionRecordingsApi.Base).WithTags("Session recordings").WithApiErrors();
        recordings.MapSessionRecordingInsightsApi();
        recordings.MapSessionRecordingsApi();
        recordings.MapSessionRecordingWritesApi();
        recordings.MapSessionRecordingBulkApi();
        recordings.MapSessionRecordingSnapshotsApi();
        recordings.MapSessionRecordingSharingApi();
    }
}
