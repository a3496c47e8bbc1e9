import Foundation

/// How a visit was made.
public enum VisitKind: String, Sendable, Codable, CaseIterable {
    /// 入户走访.
    case home
    /// 电话巡访.
    case phone
}

/// A need found on a visit, which later issues turn into referrals.
public enum Need: String, Sendable, Codable, CaseIterable {
    case livelihood, medical, schooling, employment, housing
    case elderlyCare = "elderly_care"
    case disability, emergency, other

    /// The need's Chinese name.
    public var chineseName: String {
        switch self {
        case .livelihood: "基本生活"
        case .medical: "医疗"
        case .schooling: "就学"
        case .employment: "就业"
        case .housing: "住房"
        case .elderlyCare: "养老照护"
        case .disability: "残疾康复"
        case .emergency: "急难"
        case .other: "其他"
        }
    }
}

/// A visit as recorded by a grid worker.
public struct VisitDraft: Hashable, Sendable {
    public let householdID: UUID
    public let kind: VisitKind
    /// When the visit took place (not when it was typed in).
    public let visitedAt: Date
    /// What was found, in the worker's words.
    public let findings: String
    /// Needs found; empty when none.
    public let needs: [Need]

    /// Validates: findings 1–2000 characters; the visit neither in the future (5 minutes of clock
    /// skew allowed) nor more than 90 days ago, since late entries distort the due list.
    public init(householdID: UUID, kind: VisitKind, visitedAt: Date, findings: String, needs: [Need], now: Date) throws(FieldError) {
        guard visitedAt <= now.addingTimeInterval(300) else {
            throw FieldError(field: "visitedAt", code: "in_future", message: "a visit cannot be recorded before it happens")
        }
        guard visitedAt >= now.addingTimeInterval(-90 * 86_400) else {
            throw FieldError(field: "visitedAt", code: "too_old", message: "visits older than 90 days cannot be recorded")
        }
        self.householdID = householdID
        self.kind = kind
        self.visitedAt = visitedAt
        self.findings = try TextRule.required(findings, field: "findings", limit: .statement)
        self.needs = Array(Set(needs)).sorted { $0.rawValue < $1.rawValue }
    }
}

/// How often monitored households are visited, by risk level. Key monitored persons are visited
/// at least monthly (seed 000); redder levels more often. Districts set their own intervals.
public struct VisitPolicy: Hashable, Sendable {
    /// Days between visits for each level.
    public let intervalDays: [RiskLevel: Int]

    /// The default: red weekly, yellow fortnightly, blue and green monthly.
    public static let standard = try! VisitPolicy(intervalDays: [.red: 7, .yellow: 14, .blue: 30, .green: 30])

    /// Validates: every level has an interval of 1–31 days (at least monthly).
    public init(intervalDays: [RiskLevel: Int]) throws(FieldError) {
        for level in RiskLevel.allCases {
            guard let days = intervalDays[level], (1...31).contains(days) else {
                throw FieldError(
                    field: "visitIntervalDays.\(level.rawValue)", code: "out_of_range",
                    message: "each risk level needs a visit interval of 1 to 31 days (at least monthly)")
            }
        }
        self.intervalDays = intervalDays
    }

    /// Reads `red=7,yellow=14,blue=30,green=30`; levels left out keep the standard interval.
    public init(parsing text: String) throws(FieldError) {
        var days = Self.standard.intervalDays
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let level = RiskLevel(rawValue: pair[0]), let value = Int(pair[1]) else {
                throw FieldError(
                    field: "visitIntervalDays", code: "malformed",
                    message: "write intervals as red=7,yellow=14,blue=30,green=30")
            }
            days[level] = value
        }
        try self.init(intervalDays: days)
    }

    /// When the next visit is due: an interval after the last visit, or after monitoring began.
    public func nextVisitDue(risk: RiskLevel, lastVisit: Date?, monitoredSince: Date) -> Date {
        Self.due(after: lastVisit, since: monitoredSince, days: intervalDays[risk]!)
    }

    /// When a followed-up household's next visit is due: its own interval after the last visit
    /// made since follow-up began, or after the start.
    public static func nextFollowUpVisitDue(intervalDays: Int, lastVisit: Date?, followedSince: Date) -> Date {
        due(after: lastVisit.map { max($0, followedSince) }, since: followedSince, days: intervalDays)
    }

    private static func due(after lastVisit: Date?, since start: Date, days: Int) -> Date {
        (lastVisit ?? start).addingTimeInterval(TimeInterval(days * 86_400))
    }
}

/// Why a household is on the visit list.
public enum VisitReason: String, Sendable, Codable, CaseIterable {
    /// On the monitoring ledger, visited by its risk level's interval.
    case monitoring
    /// Followed up after assistance (跟踪帮扶), visited on the follow-up interval.
    case followUp = "follow_up"
}
