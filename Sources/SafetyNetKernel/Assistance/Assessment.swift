/// The result of applying a type's rules to a case's facts.
public enum Assessment: Hashable, Sendable {
    /// The rules are met; the benefit they give.
    case eligible(BenefitProposal)
    /// The rules are not met, with the reason and its basis, ready for the applicant's notice.
    case ineligible(Ineligibility)
    /// The rules cannot be applied until these facts are recorded (e.g. a member's income).
    case incomplete([FieldError])

    /// The benefit when eligible.
    public var benefit: BenefitProposal? {
        if case .eligible(let benefit) = self { benefit } else { nil }
    }
}

/// Why an application does not meet a type's rules.
public struct Ineligibility: Hashable, Sendable, Codable {
    /// A stable code, e.g. `income_at_or_above_standard`.
    public let code: String
    /// The reason in plain words, with the figures compared.
    public let reason: String
    /// The legal or policy basis, e.g. 《社会救助暂行办法》第九条.
    public let basis: String

    /// Creates the finding.
    public init(code: String, reason: String, basis: String) {
        self.code = code
        self.reason = reason
        self.basis = basis
    }
}

/// How often an approved amount is paid.
public enum BenefitPeriod: String, Sendable, Codable, CaseIterable {
    /// Every month while the approval lasts (低保, 特困, 两项补贴).
    case monthly
    /// Once a year (education assistance by school year).
    case annual
    /// A single payment (临时救助, 医疗救助 for a settlement).
    case once
    /// No money: a status is recognised (低保边缘, 支出型困难) that opens other assistance.
    case recognition

    /// The period's Chinese name, as the 公示 notice shows it.
    public var chineseName: String {
        switch self {
        case .monthly: "按月"
        case .annual: "按年"
        case .once: "一次性"
        case .recognition: "认定"
        }
    }
}

/// What the rules grant: an amount in fen per period, and how it was worked out.
public struct BenefitProposal: Hashable, Sendable, Codable {
    /// The amount per period, in fen (0 for a recognition).
    public let amountFen: Int
    /// How often it is paid.
    public let period: BenefitPeriod
    /// The working, e.g. `(70000 − 45000) × 3 members`, for the file and the review.
    public let working: String

    /// Creates the proposal; amounts are never negative.
    public init(amountFen: Int, period: BenefitPeriod, working: String) {
        precondition(amountFen >= 0, "benefits are not negative")
        self.amountFen = amountFen
        self.period = period
        self.working = working
    }
}

/// Why a type's rules stop before granting: written as a thrown error so rules read top to bottom.
public enum AssessmentStop: Error, Hashable, Sendable {
    /// A rule is not met.
    case ineligible(Ineligibility)
    /// A fact the rules need is not recorded.
    case incomplete([FieldError])

    /// A rule not met, with its code, reason and basis.
    public static func notMet(_ code: String, _ reason: String, basis: String) -> Self {
        .ineligible(Ineligibility(code: code, reason: reason, basis: basis))
    }

    /// One missing fact.
    public static func missing(_ field: String, _ message: String) -> Self {
        .incomplete([FieldError(field: field, code: "fact_not_recorded", message: message)])
    }
}

extension Assessment {
    /// Runs `rules`: the benefit they return is `.eligible`, a stop they throw is the other outcomes.
    public init(_ rules: () throws(AssessmentStop) -> BenefitProposal) {
        do {
            self = .eligible(try rules())
        } catch {
            switch error {
            case .ineligible(let finding): self = .ineligible(finding)
            case .incomplete(let errors): self = .incomplete(errors)
            }
        }
    }
}

/// Money is kept in integer fen everywhere; this writes it for people.
public enum Money {
    /// An amount in fen as yuan, e.g. `1234.56`, for workings and reasons.
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = abs(fen)
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
