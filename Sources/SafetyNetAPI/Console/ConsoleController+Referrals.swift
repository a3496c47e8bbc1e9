import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage
import Synchronization

/// 转办: the inbox and sent box, and a referral's answers.
extension ConsoleController {
    /// How many sent referrals a page of the sent box lists.
    static let sentPageSize = 50

    @Sendable func referrals(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let principal = try context.requirePrincipal()
            let permissions = principal.role.permissions
            let offset = try QueryInput(request, form: true).read(ReferralController.offset) ?? 0
            let inbox = permissions.contains(.answerReferrals) ? try await services.referrals.inbox(of: principal) : nil
            // One more than a page, to know whether an older page follows.
            let sent =
                permissions.contains(.sendReferrals)
                ? try await services.referrals.sent(by: principal, limit: Self.sentPageSize + 1, offset: offset) : nil
            let page = ReferralsPage(
                frame: try frame("转办", request, context), inbox: inbox, sent: sent.map { Array($0.prefix(Self.sentPageSize)) },
                sentPage: ReferralsPage.SentPage(offset: offset, size: Self.sentPageSize, hasOlder: (sent?.count ?? 0) > Self.sentPageSize),
                now: services.clock.now(), departmentName: services.catalog.departmentName)
            return html(renderer.render(page))
        }
    }

    @Sendable func referral(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let done = request.uri.queryParameters.get("answered").flatMap { ReferralAction(rawValue: String($0)) }
            return try await referralPage(request, context, notice: done.map { "已\($0.chineseName)，已记入救助链并告知转出方。" }, problem: nil)
        }
    }

    @Sendable func answerReferral(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            let id = try context.pathID()
            guard let action = context.parameters.get("action").flatMap(ReferralAction.init(rawValue:)), action != .readdress else {
                throw APIError.notFound("answer")
            }
            let text = form.value("text").flatMap { $0.isEmpty ? nil : $0 }
            do {
                let draft = try ReferralAnswerDraft(action: action, text: text, basis: form.value("basis"))
                _ = try await services.referrals.answer(id, draft, by: principal, authorize: answerer(principal))
                return .seeOther("/referrals/\(id.uuidString)?answered=\(action.rawValue)")
            } catch let problem as FieldError {
                let sent = ReferralPage.SentAnswer(action: action.rawValue, text: form.value("text") ?? "", basis: form.value("basis") ?? "")
                return try await referralPage(
                    request, context, notice: nil, problem: ReferralPage.problem(field: problem.field), sent: sent
                ).refusingForm()
            }
        }
    }

    /// The check for answering a referral: the API's own.
    func answerer(_ principal: Principal) -> ReferralStore.Authorize {
        ReferralController.answerer(principal, catalog: services.catalog, modules: services.modules)
    }

    func referralPage(
        _ request: Request, _ context: SafetyNetRequestContext, notice: String?, problem: String?, sent: ReferralPage.SentAnswer? = nil
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let answerable = Flag()
        let check = answerer(principal)
        let view = try await services.referrals.view(try context.pathID()) { referral in
            try principal.requireReading(referralTo: referral.address, grid: referral.gridCode, sentBy: referral.sentBy)
            answerable.set((try? check(referral)) != nil)
        }
        let page = ReferralPage(
            frame: try frame("转办：\(view.need.chineseName)", request, context, notice: notice), referral: view, canAnswer: answerable.value,
            sent: sent, problem: problem, now: services.clock.now(), departmentName: services.catalog.departmentName)
        return html(renderer.render(page))
    }
}

/// A yes or no set inside a store's authorization check and read after it.
private final class Flag: Sendable {
    private let state = Mutex(false)
    var value: Bool { state.withLock { $0 } }
    func set(_ value: Bool) { state.withLock { $0 = value } }
}
