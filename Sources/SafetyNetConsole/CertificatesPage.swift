import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// A department system's client certificates (客户端证书) for mutual TLS: each with its
/// fingerprint, what it is for and whether it still signs in; registering one from its PEM and
/// revoking one.
public struct CertificatesPage: ConsolePage {
    public static let template = "certificates"

    /// The register form as it was sent, or a revocation refused, to show again with what was wrong.
    public struct Sent: Sendable {
        let typed: [String: String]
        let problem: String

        /// The form with `typed` values refused for `problem`.
        public init(typed: [String: String], problem: String) {
            self.typed = typed
            self.problem = problem
        }
    }

    struct Row: Sendable {
        let fingerprint: String
        /// The first and last eight hex digits, to tell certificates apart at a glance.
        let shortFingerprint: String
        let label: String
        let registered: String
        let standing: String
        let active: Bool
        /// The reason typed into this row's revocation when it came back refused.
        let note: String
    }

    let frame: PageFrame
    let accountID: String
    let login: String
    let accountName: String
    /// A department system's account, which certificates sign in as; a person signs in with a password.
    let isMachine: Bool
    let rows: [Row]
    let hasRows: Bool
    let pem: String
    let label: String
    let registerProblem: String?
    let revokeProblem: String?

    /// The page of `account`'s `certificates`; `sent` is a refused form, `revoking` whether it was a revocation.
    public init(frame: PageFrame, account: AccountListing, certificates: [ClientCertificateView], sent: Sent?, revoking: Bool) {
        self.frame = frame
        accountID = account.id.uuidString
        login = account.login
        accountName = account.displayName
        isMachine = account.isMachine
        rows = certificates.map { certificate in
            Row(
                fingerprint: certificate.fingerprint,
                shortFingerprint: "\(certificate.fingerprint.prefix(8))…\(certificate.fingerprint.suffix(8))",
                label: certificate.label ?? "", registered: ChineseFormat.dateTime(certificate.registeredAt),
                standing: certificate.revokedAt.map { "已吊销（\(ChineseFormat.dateTime($0))）" } ?? "有效", active: certificate.revokedAt == nil,
                note: revoking && sent?.typed["fingerprint"] == certificate.fingerprint ? sent?.typed["note"] ?? "" : "")
        }
        hasRows = !certificates.isEmpty
        pem = revoking ? "" : sent?.typed["certificate"] ?? ""
        label = revoking ? "" : sent?.typed["label"] ?? ""
        registerProblem = revoking ? nil : sent?.problem
        revokeProblem = revoking ? sent?.problem : nil
    }
}
