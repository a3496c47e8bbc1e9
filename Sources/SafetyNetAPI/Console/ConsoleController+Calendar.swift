import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 工作日历: a year's months with its holidays and weekend working days, and the admin's form that
/// loads or corrects the year through the API's own path (``CalendarController/load(_:holidays:workingDays:published:note:by:)``).
extension ConsoleController {
    var calendarRoutes: CalendarController { CalendarController(calendar: services.calendarStore, clock: services.clock) }

    static let calendarYear = Query.integer("year", in: 2000...2100, "The year shown (this year when left out)")

    @Sendable func calendarPage(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let today = WorkingCalendar.day(of: services.clock.now())
            let year = try QueryInput(request, form: true).read(Self.calendarYear) ?? today.year
            let notice = request.uri.queryParameters.get("loaded").flatMap { Int(String($0)) }.map {
                "\(year)年安排已保存，\($0)个在办时限已按新日历重新计算。"
            }
            return try await calendarPage(year, request, context, notice: notice, sent: nil)
        }
    }

    func calendarPage(
        _ year: Int, _ request: Request, _ context: SafetyNetRequestContext, notice: String?, sent: CalendarPage.SentSchedule?
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page = CalendarPage(
            frame: try frame("工作日历", request, context, notice: notice), year: year, calendar: services.calendarStore.book.current,
            loaded: try await services.calendarStore.years(), today: WorkingCalendar.day(of: services.clock.now()),
            canEdit: principal.has(.manageCalendar), sent: sent)
        return html(renderer.render(page))
    }

    @Sendable func loadCalendar(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            try principal.require(.manageCalendar)
            let year = try calendarRoutes.year(context)
            let published = form.value("published") == "true"
            do {
                let recounted = try await calendarRoutes.load(
                    year, holidays: try Self.days(form.value("holidays") ?? "", field: "holidays"),
                    workingDays: try Self.days(form.value("workingDays") ?? "", field: "workingDays"), published: published,
                    note: form.value("note") ?? "", by: principal)
                return .seeOther("/admin/calendar?year=\(year)&loaded=\(recounted)")
            } catch let problem as FieldError {
                let sent = CalendarPage.SentSchedule(
                    holidays: form.value("holidays") ?? "", workingDays: form.value("workingDays") ?? "", published: published,
                    note: form.value("note") ?? "", problem: Self.calendarProblem(problem))
                return try await calendarPage(year, request, context, notice: nil, sent: sent).refusingForm()
            }
        }
    }

    /// The days a textarea lists, one per line (or separated by commas, 、 or spaces), as YYYY-MM-DD.
    static func days(_ text: String, field: String) throws -> [CalendarDate] {
        try text.split(whereSeparator: { $0.isWhitespace || ",，、;；".contains($0) }).map { word in
            guard let day = CalendarDate(iso: String(word)) else {
                throw FieldError(field: field, code: "invalid_date", message: "\(word) is not a day written YYYY-MM-DD")
            }
            return day
        }
    }

    /// What is wrong with a calendar form, in Chinese; the day at fault is the first word of the check's message.
    static func calendarProblem(_ problem: FieldError) -> String {
        let list = problem.field == "holidays" ? "法定节假日" : "调休上班的周末"
        let day = problem.message.split(separator: " ").first.map(String.init) ?? ""
        return switch problem.code {
        case "invalid_date": "\(list)中有无法识别的日期：\(day)。请按 2026-10-01 的格式每行填写一个。"
        case "other_year": "\(list)中有不属于这一年的日期：\(day)。"
        case "conflict": "同一天不能既是节假日又是调休上班日：\(day)。"
        case "not_a_weekend": "调休上班日只列周末：\(day) 是工作日，本来就上班。"
        default: problem.field == "note" ? "请填写说明（不超过\(TextLimit.brief.maximum)字）。" : "填写有误，请检查后重新提交。"
        }
    }
}
