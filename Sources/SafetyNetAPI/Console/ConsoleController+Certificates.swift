import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 客户端证书: a department system's certificates for mutual TLS, through the API's own checks
/// (``AccountController/registerCertificate(pem:label:for:by:source:)`` and its kin).
extension ConsoleController {
    @Sendable func certificates(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let notice: String? =
                switch request.uri.queryParameters.get("done") {
                case "register": "证书已登记，该系统可凭此证书登录；已记入审计日志。"
                case "revoke": "证书已吊销，即时失效；已记入审计日志。"
                default: nil
                }
            return try await certificatesPage(try context.pathID(), request, context, notice: notice)
        }
    }

    @Sendable func changeCertificates(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            let id = try context.pathID()
            let action = context.parameters.get("action")
            guard action == "register" || action == "revoke" else { throw APIError.notFound("action") }
            let revoking = action == "revoke"
            let routes = accountRoutes
            do {
                if revoking {
                    try await routes.revokeCertificate(
                        form.value("fingerprint") ?? "", of: id, note: form.value("note") ?? "", by: principal, source: context.remoteAddress)
                } else {
                    _ = try await routes.registerCertificate(
                        pem: form.value("certificate") ?? "", label: form.value("label"), for: id, by: principal, source: context.remoteAddress)
                }
                return .seeOther("/admin/users/\(id.uuidString)/certificates?done=\(revoking ? "revoke" : "register")")
            } catch {
                guard let problem = Self.certificateProblem(error) else { throw error }
                let sent = CertificatesPage.Sent(typed: form.typed, problem: problem)
                return try await certificatesPage(id, request, context, notice: nil, sent: sent, revoking: revoking).refusingForm()
            }
        }
    }

    /// The certificates page of account `id`, within the caller's scope.
    private func certificatesPage(
        _ id: UUID, _ request: Request, _ context: SafetyNetRequestContext, notice: String?, sent: CertificatesPage.Sent? = nil,
        revoking: Bool = false
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let certificates = try await accountRoutes.certificates(of: id, by: principal)
        let listed = try await services.accounts.listing(in: principal.scope, role: nil, includingDisabled: true, only: id)
        guard let account = listed.first else { throw APIError.notFound("account") }
        let page = CertificatesPage(
            frame: try frame("客户端证书：\(account.login)", request, context, notice: notice), account: account, certificates: certificates,
            sent: sent, revoking: revoking)
        return html(renderer.render(page))
    }

    /// What is wrong with a certificate form, in Chinese; nil for an error that is not the form's.
    static func certificateProblem(_ error: any Error) -> String? {
        switch error {
        case ClientCertificateError.alreadyRegistered: "这张证书已经登记过（可能在其他账号上，或已被吊销；吊销的证书不能再用）。请签发新的证书。"
        case ClientCertificateError.personAccount: "个人账号以密码登录；客户端证书只登记给部门系统账号。"
        case ClientCertificateError.notFound: "这个账号没有这张证书，请刷新页面。"
        case let problem as FieldError:
            switch problem.code {
            case "certificate_not_valid_now": "证书不在有效期内，请签发新的证书。"
            case "invalid_certificate": "请粘贴一张PEM格式的X.509证书，从 -----BEGIN CERTIFICATE----- 到 -----END CERTIFICATE-----。"
            default:
                switch problem.field {
                case "label": "用途不超过\(TextLimit.title.maximum)字，只写一行。"
                case "note": "请填写吊销原因（不超过\(TextLimit.remark.maximum)字）。"
                default: "填写有误，请检查后重新提交。"
                }
            }
        default: nil
        }
    }
}
