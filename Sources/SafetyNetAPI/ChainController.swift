import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The assistance chain (一户一条救助链) of a household or one member: JSON, or with
/// `?format=html` a readable page that prints as the household's record.
struct ChainController {
    let registry: RegistryStore
    let chains: ChainReader

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("households/{id}/chain", use: ofHousehold)
        group.get("persons/{id}/chain", use: ofPerson)
    }

    @Sendable func ofHousehold(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .readCases)
        return try await respond(try await chains.chain(household: household, module: principal.departmentFilter), request, context)
    }

    @Sendable func ofPerson(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let (principal, person) = try await ScopeCheck(registry: registry).person(context, .readCases)
        return try await respond(try await chains.chain(ofPerson: person, module: principal.departmentFilter), request, context)
    }

    private func respond(_ chain: AssistanceChainView?, _ request: Request, _ context: SafetyNetRequestContext) async throws -> Response {
        guard let chain else { throw APIError.notFound("household") }
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "json": return try chain.response(from: request, context: context)
        case "html":
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: ChainPage.html(chain))))
        default: throw FieldError(field: "format", code: "invalid", message: "format is json or html")
        }
    }
}

/// The chain as a page for reading on screen and printing (A4, one row per step).
enum ChainPage {
    static func html(_ chain: AssistanceChainView) -> String {
        let rows = chain.entries.map { entry in
            """
            <tr class="\(entry.stage.rawValue)"><td>\(time(entry.at))</td><td>\(entry.stage.chineseName)</td><td>\(escape(entry.kind))</td>\
            <td>\(escape(entry.module?.rawValue ?? ""))</td><td>\(escape(entry.actor))</td><td>\(escape(entry.summary))</td></tr>
            """
        }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>救助链 \(escape(chain.head ?? ""))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
            th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; vertical-align: top; }
            th { background: #eee; } td:first-child { white-space: nowrap; }
            tr.discovery td:nth-child(2) { color: #b00; } tr.supervision td:nth-child(2) { color: #a60; }
            @media print { body { margin: 0; } @page { size: A4 landscape; margin: 12mm; } tr { page-break-inside: avoid; } }
            </style></head><body>
            <h1>一户一条救助链 · Assistance chain</h1>
            <p>户主 \(escape(chain.head ?? "—")) · \(escape(chain.address)) · 网格 \(chain.gridCode) · \(chain.entries.count) 条记录\
            \(chain.personID.map { " · 成员 \($0.uuidString)" } ?? "")</p>
            <table><thead><tr><th>时间</th><th>环节</th><th>事项</th><th>部门</th><th>经办人</th><th>内容</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table>
            </body></html>
            """
    }

    private static func time(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
                                                 timeZone: WorkingCalendar.chinaStandardTime, calendar: Calendar(identifier: .gregorian)))
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension AssistanceChainView: ResponseEncodable {}
