import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 部门模块: the admin switches department modules on and off.
extension ConsoleController {
    @Sendable func modules(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            try context.requirePrincipal().require(.manageModules)
            let switched = request.uri.queryParameters.get("switched").flatMap { id in
                services.modules.modules.first { $0.descriptor.id.rawValue == id }
            }
            let notice = switched.map { "\($0.descriptor.chineseName)已\(services.modules.isEnabled($0.descriptor.id) ? "启用" : "停用")，所有服务器即时生效。" }
            return try await modulesPage(request, context, notice: notice, problem: nil)
        }
    }

    @Sendable func switchModule(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            try principal.require(.manageModules)
            let id = try context.parameters.require("id")
            guard services.modules.modules.contains(where: { $0.descriptor.id.rawValue == id }) else { throw APIError.notFound("module") }
            guard let action = form.value("action"), ["enable", "disable"].contains(action) else {
                throw APIError(.badRequest, code: "malformed_form", message: "action is enable or disable")
            }
            let on = action == "enable"
            let note: String?
            do {
                // The API's rule for the note: optional, brief.
                note = try form.value("note").flatMap { $0.isEmpty ? nil : try TextRule.required($0, field: "note", limit: .brief) }
            } catch {
                return try await modulesPage(request, context, notice: nil, problem: "说明不能超过\(TextLimit.brief.maximum)字，也不能含控制字符。").refusingForm()
            }
            _ = try await services.moduleStore.switchModule(id, on: on, note: note, by: principal, source: context.remoteAddress)
            return .seeOther("/admin/modules?switched=\(id)")
        }
    }

    func modulesPage(_ request: Request, _ context: SafetyNetRequestContext, notice: String?, problem: String?) async throws -> Response {
        let frame = try frame("部门模块", request, context, notice: notice)
        return html(renderer.render(ModulesPage(frame: frame, statuses: try await services.moduleStore.statuses(), problem: problem)))
    }
}
