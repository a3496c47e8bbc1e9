import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel

/// A printable page holding one table (the chain, a publication list): the text is escaped,
/// and the print style fits A4 landscape.
struct HTMLTablePage {
    /// One row, with a class for colouring by kind.
    struct Row {
        var style: String?
        let cells: [String]
    }

    let title: String
    let intro: String
    let columns: [String]
    let rows: [Row]

    var html: String {
        let head = columns.map { "<th>\(Markup.escape($0))</th>" }.joined()
        let body = rows.map { row in
            "<tr\(row.style.map { " class=\"\(Markup.escape($0))\"" } ?? "")>" + row.cells.map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(Markup.escape(title))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
            th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; vertical-align: top; }
            th { background: #eee; } td:first-child { white-space: nowrap; }
            tr.discovery td:nth-child(2) { color: #b00; } tr.supervision td:nth-child(2) { color: #a60; }
            @media print { body { margin: 0; } @page { size: A4 landscape; margin: 12mm; } tr { page-break-inside: avoid; } }
            </style></head><body>
            <h1>\(Markup.escape(title))</h1>
            <p>\(Markup.escape(intro))</p>
            <table><thead><tr>\(head)</tr></thead>
            <tbody>
            \(body)
            </tbody></table>
            </body></html>
            """
    }

    /// `?format=html` asks for the printable page instead of JSON.
    static let format = Query.word("format", among: ["json", "html"], "html for a page to read and print; json (the default) otherwise")

    /// `value` as JSON, or with `?format=html` as the page `page` makes of it.
    static func respond<Value: ResponseEncodable>(
        _ value: Value, page: (Value) -> HTMLTablePage, request: Request, context: SafetyNetRequestContext
    ) throws -> Response {
        switch try QueryInput(request).read(format) ?? "json" {
        case "json": return try value.response(from: request, context: context)
        case "html":
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page(value).html)))
        default: throw FieldError(field: "format", code: "invalid", message: "format is json or html")
        }
    }
}
