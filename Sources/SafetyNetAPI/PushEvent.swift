import Foundation
import SafetyNetKernel

/// One event on the push channel, as clients receive it: ids and times written exactly as the
/// REST answers write them (upper-case UUIDs, `Z` times to the second), whatever the database
/// trigger put in the payload.
struct PushEvent: Codable, Sendable, Equatable {
    /// Its number: one more than the event before, in the order the changes were committed.
    let seq: Int64
    /// What happened, e.g. `visit.recorded`, `case.approve`, `module.disabled`.
    let type: String
    /// When.
    let at: Date
    /// The household concerned, if any.
    var householdID: UUID?
    /// Its grid, which decides who receives the event.
    var gridCode: RegionCode?
    /// The grid it left, for a household that moved: subscribers there hear of it too.
    var previousGridCode: RegionCode?
    /// The household's risk level, for ledger events.
    var riskLevel: RiskLevel?
    /// The department, for case, referral and module events.
    var module: ModuleID?
    /// The case and case item, for case steps and deadline marks.
    var caseID: UUID?
    var itemID: UUID?
    /// The referral, for referral steps.
    var referralID: UUID?
    /// The alert, for `alert.raised` and `alert.worsened`.
    var alertID: UUID?
    /// For module switches: whether the module is now on, and who switched it.
    var enabled: Bool?
    var by: String?
    /// For feed batches (`feed.batch.progress`, `.interrupted`, `.finished`): the batch, its feed,
    /// where it stands and its row counts so far.
    var batchID: UUID?
    var feed: FeedID?
    var batchStatus: String?
    var rowsRead: Int?
    var rowsAccepted: Int?
    var rowsRefused: Int?
    var rowsMatched: Int?

    /// Reads an event as a database trigger wrote it (lower-case ids, microsecond `+00:00` times).
    init(payload: String) throws {
        self = try StrictJSON.decoder.decode(PushEvent.self, from: Data(payload.utf8))
    }

    /// The event as a client receives it.
    var json: String {
        (try? StrictJSON.encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Whether a subscriber with `scope` (and `department`, for an officer) receives it: module
    /// switches go to everyone, feed batches to their department and the district, other events
    /// to those whose scope holds either grid, case events of another department to no officer.
    func isFor(scope: RegionCode, department: ModuleID?) -> Bool {
        if type.hasPrefix("module.") { return true }
        if type.hasPrefix("feed.") { return department.map { $0 == module } ?? (scope.level == .district) }
        guard [gridCode, previousGridCode].contains(where: { $0.map(scope.contains) ?? false }) else { return false }
        if let department, let module, module != department { return false }
        return true
    }
}
