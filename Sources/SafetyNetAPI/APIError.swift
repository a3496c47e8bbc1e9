import Foundation
import Hummingbird
import Logging
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage

/// An error as clients see it: a status, a stable code, a message and the offending field.
/// Every refusal the API makes goes through this type, so all errors share one JSON shape.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable, machine-readable code such as `invalid_id_number`.
    public let code: String
    /// What went wrong and what to do, for people.
    public let message: String
    /// The request field at fault, when one is.
    public let field: String?
    /// Headers the answer carries besides its content type, e.g. `Allow` or `Retry-After`.
    public let headers: HTTPFields

    /// Creates the error.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// The JSON every refusal answers with; `Error` in the document.
    struct Body: Codable, WireNamed {
        let code: String
        let message: String
        let field: String?
        static let wireName = "Error"
    }

    /// The JSON body: `{"code", "message", "field"}`.
    var jsonBody: [UInt8] {
        (try? StrictJSON.encoder.encode(Body(code: code, message: message, field: field))).map { [UInt8]($0) } ?? []
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: jsonBody)))
    }

    static let unauthenticated = APIError(
        .unauthorized, code: "unauthenticated", message: "sign in first: send Authorization: Bearer <token>")

    /// A body over `limit` bytes.
    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", message: "request bodies are at most \(limit) bytes")
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "no \(what) with this id")
    }

    /// The API's form of a kernel or storage error; nil for errors it does not know (a 500).
    static func translating(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError: return error
        case let error as FieldError:
            return APIError(.unprocessableContent, code: error.code, message: error.message, field: error.field)
        case let denial as AccessDenial:
            switch denial {
            case .missingPermission(let permission):
                return APIError(
                    .forbidden, code: "forbidden", message: "your role may not \(permission.rawValue.replacingOccurrences(of: "_", with: " "))")
            case .outsideScope(let region):
                return APIError(.forbidden, code: "outside_scope", message: "region \(region) is outside your scope")
            case .otherDepartment(let module):
                return APIError(.forbidden, code: "other_department", message: "this belongs to the \(module) department")
            case .decisionLevel(let type):
                return APIError(
                    .forbidden, code: "decision_level",
                    message: "\(type) is decided at the district by its department; a town forwards it there (POST case-items/{id}/forward)")
            }
        case let error as CaseError:
            return translating(error)
        case let error as ReferralError:
            return translating(error)
        case let error as JointCaseError:
            return translating(error)
        case let error as ProjectError:
            return translating(error)
        case AlertError.notFound:
            return .notFound("alert")
        case ComparisonError.notFound:
            return .notFound("comparison")
        case ComparisonError.notRunning(let status):
            return APIError(.conflict, code: "comparison_\(status.rawValue)", message: "the comparison is \(status.rawValue), not running")
        case ComparisonError.alreadyRunning(let id):
            return APIError(
                .conflict, code: "comparison_running", message: "comparison \(id) is running; it goes on until every household is compared")
        case AlertError.wrongStatus(let status, _):
            // The code names where the alert stands: alert_raised (verify it first), alert_verified, alert_confirmed, alert_dismissed.
            let message =
                status == .raised
                ? "the alert is not verified yet: verify it in the field first (POST /api/v1/alerts/{id}/verification)"
                : "the alert is \(status.rawValue) already"
            return APIError(.conflict, code: "alert_\(status.rawValue)", message: message)
        case let error as ModuleDisabledError:
            return APIError(.conflict, code: "module_disabled", message: error.description)
        case let error as ModuleSwitchError:
            switch error {
            case .unknownModule: return APIError(.notFound, code: "unknown_module", message: error.description)
            case .required: return APIError(.conflict, code: "module_required", message: error.description)
            }
        case PasswordHashError.busy:
            return APIError(
                .serviceUnavailable, code: "busy", message: "too many sign-ins at once; try again in a second",
                headers: [.retryAfter: "1"])
        case let error as MigrationError:
            return APIError(.conflict, code: "migration_refused", message: error.description)
        case RegistryError.personAlreadyRegistered(let id, let closed):
            return registered(id, closed: closed)
        case RegistryError.stillRegistered(let id):
            return APIError(
                .conflict, code: "person_active",
                message: "person \(id) still belongs to an active household; close them there as moved_away (POST /api/v1/persons/\(id)/close) first")
        case RegistryError.notFound:
            return APIError.notFound("record")
        case RegistryError.closed:
            return APIError(.conflict, code: "closed", message: "the household or person is closed and cannot change")
        case RegistryError.unknownGrid(let grid):
            return APIError(.unprocessableContent, code: "unknown_grid", message: "no grid \(grid) is loaded", field: "gridCode")
        case MonitoringError.alreadyMonitored:
            return APIError(.conflict, code: "already_monitored", message: "the household is on the ledger already; change its risk level instead")
        case MonitoringError.notMonitored:
            return APIError(.conflict, code: "not_monitored", message: "the household is not on the monitoring ledger")
        case let error as AccountAdministrationError:
            switch error {
            case .notFound: return APIError.notFound("account")
            case .machineHasNoPassword: return APIError(.conflict, code: "machine_has_no_password", message: error.description)
            case .cannotDisableSelf: return APIError(.conflict, code: "cannot_disable_self", message: error.description)
            }
        case let error as ClientCertificateError:
            switch error {
            case .alreadyRegistered: return APIError(.conflict, code: "certificate_registered", message: error.description, field: "certificate")
            case .personAccount: return APIError(.conflict, code: "person_account", message: error.description)
            case .notFound: return APIError(.unprocessableContent, code: "unknown_certificate", message: error.description, field: "fingerprint")
            }
        case let error as AccountError:
            switch error {
            case .loginTaken: return APIError(.conflict, code: "login_taken", message: error.description, field: "login")
            case .unknownRegion: return APIError(.unprocessableContent, code: "unknown_region", message: error.description, field: "scope")
            }
        case let error as PostgresError where error.isConnectionFailure:
            return APIError(.serviceUnavailable, code: "database_unavailable", message: "the database is unreachable; try again shortly")
        case let error as PostgresError where error.sqlState == .insufficientPrivilege:
            return APIError(
                .serviceUnavailable, code: "needs_owner",
                message:
                    "the server's database role may not do this (a schema change); the admin runs it as the schema owner, e.g. `safetynet migrate` or `safetynet modules enable`"
            )
        case let error as PostgresError where error.sqlState == .queryCanceled:
            return APIError(.serviceUnavailable, code: "timeout", message: "the request took too long; narrow it down or try again")
        case let error as PostgresError:
            if case .checkoutTimeout = error {
                return APIError(.serviceUnavailable, code: "busy", message: "the server is busy; try again shortly")
            }
            return nil
        default: return nil
        }
    }
}

extension APIError {
    /// The refusal to register an ID number the registry holds already, saying how to proceed.
    static func registered(_ id: UUID, closed: ClosureReason?) -> APIError {
        let comeBack = "bring them into this household with POST /api/v1/persons/\(id)/return"
        switch closed {
        case .movedAway?:
            return APIError(
                .conflict, code: "person_moved_away", message: "this person (\(id)) moved away and is closed; \(comeBack)", field: "idNumber")
        case .deceased?:
            return APIError(
                .conflict, code: "person_deceased",
                message: "this ID number belongs to a person recorded as deceased (\(id)); if that record is wrong, ask the district admin",
                field: "idNumber")
        case nil:
            return APIError(
                .conflict, code: "person_exists",
                message:
                    "this person (\(id)) is registered in another household; if they moved here, close them there as moved_away (POST /api/v1/persons/\(id)/close), then \(comeBack)",
                field: "idNumber")
        }
    }

    /// The API's form of a case store refusal.
    static func translating(_ error: CaseError) -> APIError {
        switch error {
        case .notFound: return .notFound("case item")
        case .unknownType(let type, let field):
            return APIError(
                .unprocessableContent, code: "unknown_assistance_type",
                message: "\(type) is not a registered assistance type; see GET /api/v1/assistance-types", field: field)
        case .subjectMismatch(let type, let field):
            return APIError(
                .unprocessableContent, code: "subject_mismatch", message: "\(type) is granted to a person: name one (household types name none)",
                field: field)
        case .workflow(let error):
            return APIError(.conflict, code: error.code, message: error.description)
        case .notEligible(let finding):
            return APIError(
                .unprocessableContent, code: "not_eligible",
                message: "\(finding.code): \(finding.reason) (\(finding.basis)); reject the item with this finding instead")
        case .incompleteFacts(let missing):
            return APIError(
                .unprocessableContent, code: "facts_missing", message: missing.map(\.message).joined(separator: "; "), field: missing.first?.field)
        case .paymentRefused(let code, let message, let field):
            return APIError(.unprocessableContent, code: code, message: message, field: field)
        }
    }

    /// The API's form of a joint-case refusal.
    static func translating(_ error: JointCaseError) -> APIError {
        switch error {
        case .alreadyJoint: return APIError(.conflict, code: "already_joint", message: "the case is a joint case already")
        case .notJoint: return APIError(.conflict, code: "not_joint", message: "the case is not a joint case; the lead opens one first")
        case .notAParticipant(let module):
            return APIError(
                .unprocessableContent, code: "not_a_participant", message: "\(module) was not asked to contribute to this case", field: "module")
        case .alreadyAnswered(let module): return APIError(.conflict, code: "already_answered", message: "\(module) has answered already")
        case .pending(let modules):
            return APIError(
                .conflict, code: "contributions_pending",
                message:
                    "waiting for \(modules.map(\.rawValue).joined(separator: ", ")); a joint case is concluded only when every department has answered"
            )
        case .concluded: return APIError(.conflict, code: "concluded", message: "the joint case is concluded")
        case .caseClosed:
            return APIError(.conflict, code: "case_closed", message: "every item of the case is closed; there is nothing left to handle jointly")
        }
    }

    /// The API's form of a project match refusal.
    static func translating(_ error: ProjectError) -> APIError {
        switch error {
        case .notFound: return APIError(.unprocessableContent, code: "not_found", message: "no project with this id", field: "projectID")
        case .otherDepartment(let module):
            return APIError(
                .unprocessableContent, code: "other_department",
                message: "the project is \(module)'s; match the referral to its addressee's projects", field: "projectID")
        case .doesNotFit(let why):
            return APIError(.unprocessableContent, code: "does_not_fit", message: "the project cannot take this referral: \(why)", field: "projectID")
        case .closed(let day): return APIError(.conflict, code: "project_closed", message: "the project took its last household on \(day)")
        case .full:
            return APIError(
                .conflict, code: "project_full", message: "every place of the project is taken; choose another from GET referrals/{id}/projects")
        case .notEnoughFunds(let remaining):
            return APIError(.conflict, code: "not_enough_funds", message: "the project has \(Money.yuan(remaining)) yuan left", field: "amountFen")
        }
    }

    /// The API's form of a referral store refusal.
    static func translating(_ error: ReferralError) -> APIError {
        switch error {
        case .notFound: return .notFound("referral")
        case .invalidTransition(let action, let state):
            return APIError(
                .conflict, code: "invalid_transition",
                message: "a \(state.rawValue.replacingOccurrences(of: "_", with: " ")) referral cannot be \(action.pastTense)")
        case .notAReferralDepartment(let module, let field):
            return APIError(
                .unprocessableContent, code: "not_a_referral_department",
                message: "\(module) takes no referrals or is not enabled; name a department whose referralNeeds GET /api/v1/modules lists",
                field: field)
        }
    }

    /// What may be logged of an unexpected error. A server error's detail can quote a failing
    /// row (names, masked numbers), so only its SQLSTATE, message and constraint are kept.
    static func loggable(_ error: any Error) -> String {
        if let server = (error as? PostgresError)?.serverError {
            return "PostgreSQL \(server.sqlState): \(server.message) [table \(server.table ?? "-"), constraint \(server.constraint ?? "-")]"
        }
        return "\(String(reflecting: type(of: error))): \(error)"
    }
}

/// Turns every thrown error into an ``APIError``; unknown ones become a 500 with no internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw APIError.answering(error, logger: context.logger)
        }
    }
}

extension APIError {
    /// The refusal a client gets for `error`: its API form, or a 500 with no internals (logged).
    static func answering(_ error: any Error, logger: Logger) -> APIError {
        if let error = error as? HTTPError {
            return APIError(
                error.status, code: error.status == .contentTooLarge ? "body_too_large" : "http_\(error.status.code)",
                message: error.body ?? error.status.reasonPhrase)
        }
        if let translated = APIError.translating(error) { return translated }
        logger.error("unexpected error", metadata: ["error": "\(APIError.loggable(error))"])
        return APIError(.internalServerError, code: "internal", message: "something went wrong on the server; it has been logged")
    }
}
