import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 区级设置: the settings in force grouped as officials look for them, and the admin's changes
/// through the API's own path (``SettingsController/apply(_:note:by:)``).
extension ConsoleController {
    var settingsRoutes: SettingsController { SettingsController(settings: services.settings, catalog: services.catalog, clock: services.clock) }

    @Sendable func settingsPage(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let notice = request.uri.queryParameters.get("saved").flatMap { Int(String($0)) }.map { "已保存为第 \($0) 版，即时生效。" }
            return try await settingsPage(request, context, notice: notice, sent: nil)
        }
    }

    func settingsPage(_ request: Request, _ context: SafetyNetRequestContext, notice: String?, sent: SettingsPage.SentChange?) async throws
        -> Response
    {
        let principal = try context.requirePrincipal()
        let current = services.catalog.settingsBoard.current
        let page = SettingsPage(
            frame: try frame("区级设置", request, context, notice: notice), version: current.version, settings: current.values,
            sections: settingSections, history: try await services.settings.versions(limit: 20), canEdit: principal.has(.manageSettings),
            sent: sent)
        return html(renderer.render(page))
    }

    @Sendable func changeSettings(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            try principal.require(.manageSettings)
            do {
                let version = try await settingsRoutes.apply(try settingChanges(form), note: form.value("note") ?? "", by: principal)
                return .seeOther("/admin/settings?saved=\(version)")
            } catch let problem as FieldError {
                let key = services.catalog.parameters.contains { $0.key == problem.field } ? problem.field : nil
                // A stale form shows the values in force now, not the ones it would have undone.
                let typed = problem.code == "stale" ? ["note": form.value("note") ?? ""] : form.typed
                let sent = SettingsPage.SentChange(typed: typed, problem: settingProblem(problem), key: key)
                return try await settingsPage(request, context, notice: nil, sent: sent).refusingForm()
            }
        }
    }

    /// The changes the form asks for: each value that differs from the one in force, and each
    /// setting ticked to go back to its default (whatever is typed beside it). A form made from
    /// another version than the one in force is refused: every field it sends would otherwise
    /// undo what someone else changed meanwhile.
    func settingChanges(_ form: ConsoleForm) throws -> [String: Int?] {
        let inForce = services.catalog.settingsBoard.current
        guard form.value("version") == "\(inForce.version)" else {
            throw FieldError(field: "version", code: "stale", message: "the settings changed to version \(inForce.version) meanwhile")
        }
        let current = inForce.values
        var changes: [String: Int?] = [:]
        for parameter in services.catalog.parameters {
            if form.value("reset.\(parameter.key)") == "true" {
                changes[parameter.key] = .some(nil)
            } else if let text = form.value("value.\(parameter.key)") {
                guard let value = SettingsPage.value(input: text, unit: parameter.unit) else {
                    throw FieldError(field: parameter.key, code: "not_a_number", message: "\(parameter.key) is a number")
                }
                if value != current.value(parameter) { changes[parameter.key] = value }
            }
        }
        guard !changes.isEmpty else { throw FieldError(field: "values", code: "nothing_to_change", message: "no setting was changed") }
        return changes
    }

    /// What is wrong with the settings form, in Chinese, naming the setting with its heading.
    func settingProblem(_ problem: FieldError) -> String {
        let section = settingSections.first { $0.parameters.contains { $0.key == problem.field } }
        let parameter = section?.parameters.first { $0.key == problem.field }
        let name = parameter.map { "“\(section?.title ?? "")·\($0.chineseName)”" } ?? ""
        switch (problem.code, parameter) {
        case ("out_of_range", let parameter?):
            let low = SettingsPage.input(parameter.range.lowerBound, parameter.unit)
            let high = SettingsPage.input(parameter.range.upperBound, parameter.unit)
            return "\(name)须在 \(low) 至 \(high) \(SettingsPage.unitName(parameter.unit))之间。"
        case ("not_a_number", let parameter?):
            return parameter.unit == .fen ? "\(name)请以元为单位填写，最多两位小数。" : "\(name)请填写整数。"
        case ("stale", _):
            return "设置已被他人修改为第 \(services.catalog.settingsBoard.current.version) 版，下面显示的是最新值；请核对后重新提交。"
        case ("thresholds_out_of_order", _): return "\(name)不能低于较低等级的预警线：红色 ≥ 黄色 ≥ 蓝色。"
        case ("nothing_to_change", _): return "没有修改任何设置。"
        default: return problem.field == "note" ? "请填写修改依据和说明（不超过\(TextLimit.remark.maximum)字）。" : "设置有误，请检查后重新提交。"
        }
    }

    /// The settings grouped as officials look for them: the district's standards, the processes'
    /// limits and intervals, then per department each assistance type's and the alert lines; each once.
    static func settingSections(of catalog: AssistanceCatalog) -> [SettingsPage.Section] {
        var sections = [
            SettingsPage.Section(title: "区级标准", parameters: DistrictParameters.all),
            SettingsPage.Section(title: "转办、预警、走访和比对", parameters: AssistanceCatalog.processParameters),
        ]
        let types = catalog.all.sorted { $0.id.rawValue < $1.id.rawValue }
        for module in catalog.departments.sorted() {
            let department = catalog.departmentName(module)
            for type in types where type.id.module == module {
                sections.append(
                    SettingsPage.Section(
                        title: "\(department)·\(type.chineseName)", parameters: type.parameters + CaseTimeLimits.parameters(for: type.id)))
            }
            let lines = catalog.alertRules.values.filter { $0.id.module == module }.sorted { $0.id < $1.id }.flatMap(\.parameters)
            sections.append(SettingsPage.Section(title: "\(department)·预警线", parameters: lines))
        }
        sections.append(SettingsPage.Section(title: "其他", parameters: catalog.parameters))
        // Each setting once, under its first heading: a type reading the district's standard does not show it again.
        var shown = Set<String>()
        return sections.map { section in
            SettingsPage.Section(title: section.title, parameters: section.parameters.filter { shown.insert($0.key).inserted })
        }
    }
}
