import CoreMetrics
import Hummingbird
import ServerLogging

/// Logs one line per request (method, path, status, duration) and counts it in the request
/// metrics by route pattern, method and status. The query string is left out of both because it
/// can hold personal data (a search by ID number), and so are bodies; the metrics name the route's
/// pattern (`/api/v1/households/{id}`), never the path itself. Every line logged while the
/// request is served, by any logger, carries its id (``RequestLogContext``).
struct RequestRecordMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        return try await RequestLogContext.$requestID.withValue(context.id) {
            do {
                let response = try await next(request, context)
                record(request, status: response.status.code, since: start, context: context)
                return response
            } catch let error as any HTTPResponseError {
                record(request, status: error.status.code, since: start, context: context)
                throw error
            }
        }
    }

    private func record(_ request: Request, status: Int, since start: ContinuousClock.Instant, context: Context) {
        let elapsed = ContinuousClock.now - start
        let labels = [("route", context.endpointPath ?? "unmatched"), ("method", request.method.rawValue), ("status", "\(status)")]
        Counter(label: "safetynet_http_requests_total", dimensions: labels).increment()
        Timer(label: "safetynet_http_request_duration_seconds", dimensions: labels).recordSeconds(elapsed / .seconds(1))
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                "ms": "\((elapsed / .milliseconds(1) * 10).rounded() / 10)",
            ])
    }
}
