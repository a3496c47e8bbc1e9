import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 超期清单: the limits passed and still open in the caller's region, as a page and as a CSV file.
extension ConsoleController {
    @Sendable func overdue(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let (limits, now) = try await overdueLimits(context)
            let page = OverduePage(
                frame: try frame("超期清单", request, context), limits: limits, now: now, departmentName: services.catalog.departmentName)
            return html(renderer.render(page))
        }
    }

    @Sendable func overdueCSV(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let (limits, now) = try await overdueLimits(context)
            let file = OverduePage.csv(limits, now: now, departmentName: services.catalog.departmentName)
            let day = WorkingCalendar.day(of: now)
            return Self.csvFile(file, name: "超期清单-\(day).csv", plainName: "overdue-\(day).csv")
        }
    }

    /// `file` as a CSV download named `name`, or `plainName` (ASCII) for a browser that reads no encoded name.
    static func csvFile(_ file: [UInt8], name: String, plainName: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-."))) ?? plainName
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(plainName)\"; filename*=UTF-8''\(encoded)",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file)))
    }

    /// The overdue limits `GET /api/v1/supervision/overdue` gives the caller with its defaults:
    /// the caller's region, and an officer's own department only; and "now".
    private func overdueLimits(_ context: SafetyNetRequestContext) async throws -> ([OverdueLimit], Date) {
        let principal = try context.requirePrincipal()
        try principal.require(.readCases, in: principal.scope)
        let limits = try await services.supervision.overdue(in: principal.scope, module: principal.departmentFilter)
        return (limits, services.clock.now())
    }
}
