/// An alert rule's stable id: the declaring module's id, a dot, and a name, e.g.
/// `medical-aid.annual-self-paid`.
public struct AlertRuleID: ModuleQualifiedID {
    /// The id's text.
    public let rawValue: String

    public init(checkedRawValue: String) { rawValue = checkedRawValue }
    public static let kind = "an alert rule"
    public static let invalidCode = "invalid_alert_rule"
    public static let hint = "medical-aid.annual-self-paid; GET /api/v1/alert-rules lists them"
}

/// A condition over a feed's data under which a household needs a look in the field (预警要素),
/// declared by a module as data rather than code: the storage layer turns it into one set-based
/// query per batch, and the API describes it to the people who act on it.
///
/// A batch's matched rows pass ``rows`` (the row itself), ``person`` (who it names) and
/// ``household`` (the household they live in); ``measure`` then says how urgent it is. The same
/// condition (the rule, the household and ``AlertMeasure/conditionScope``) is raised once while
/// it is open; a later batch that measures it worse raises its level.
public struct AlertRule: Sendable, Hashable {
    /// The stable id, recorded with every alert the rule raises.
    public let id: AlertRuleID
    /// What the rule finds, in Chinese, as the grid worker reads it: 家庭年度医疗自付费用超过预警线.
    public let chineseName: String
    /// What the rule finds and why it matters, for integrators and the API's list of rules.
    public let meaning: String
    /// The feed whose rows the rule reads; a module's own.
    public let feed: FeedID
    /// What a row must say to count.
    public let rows: [FeedRowCondition]
    /// What the person a row names must be.
    public let person: [PersonCondition]
    /// What their household must be.
    public let household: [HouseholdCondition]
    /// How urgent a condition found is.
    public let measure: AlertMeasure
    /// What confirming an alert of the rule calls for: the ledger and the help opened.
    public let response: AlertResponse

    /// Declares a rule; ``declarationProblem(in:)`` says whether it fits its feed, and the catalog
    /// refuses one that does not when the server starts.
    public init(
        id: AlertRuleID, chineseName: String, meaning: String, feed: FeedID, rows: [FeedRowCondition] = [],
        person: [PersonCondition] = [], household: [HouseholdCondition] = [], measure: AlertMeasure, response: AlertResponse
    ) {
        self.id = id
        self.chineseName = chineseName
        self.meaning = meaning
        self.feed = feed
        self.rows = rows
        self.person = person
        self.household = household
        self.measure = measure
        self.response = response
    }

    /// The district settings the rule reads: its thresholds and the ages it asks about.
    public var parameters: [AssistanceParameter] {
        measure.thresholds.map(\.parameter) + person.flatMap(\.parameters)
    }

    /// What makes the rule unusable with `feed`, or nil: every field it reads must be one of the
    /// feed's, of the kind the condition needs; a person condition needs a feed about persons;
    /// levels are red, yellow or blue, each at most once, most urgent first.
    public func declarationProblem(in feed: FeedDefinition) -> String? {
        guard feed.id == self.feed else { return "alert rule \(id) reads \(self.feed), not \(feed.id)" }
        for (name, fits) in rows.map(\.field) + measure.fields {
            guard let field = feed.fields.first(where: { $0.name == name }), fits(field.kind) else {
                return "alert rule \(id): \(feed.id) has no field \(name) of the kind the rule reads"
            }
        }
        if !person.isEmpty, feed.subject != .person { return "alert rule \(id): person conditions need a feed about persons" }
        let levels = measure.levels
        guard !levels.contains(.green), Set(levels).count == levels.count, levels == levels.sorted() else {
            return "alert rule \(id): levels are red, yellow or blue, each once, most urgent first"
        }
        return nil
    }

    /// What is wrong with `settings` for this rule, or nil: a more urgent level's threshold must
    /// not lie below a less urgent one's.
    public func settingsProblem(_ settings: AssistanceSettings) -> FieldError? {
        let thresholds = measure.thresholds
        for (urgent, lesser) in zip(thresholds, thresholds.dropFirst()) where settings.value(urgent.parameter) < settings.value(lesser.parameter) {
            return FieldError(
                field: urgent.parameter.key, code: "thresholds_out_of_order",
                message:
                    "\(urgent.parameter.key) (\(urgent.level.chineseName)) must not be below \(lesser.parameter.key) (\(lesser.level.chineseName))")
        }
        return nil
    }
}

/// What a feed row must say to count toward a rule. Fields are named as the feed declares them.
public enum FeedRowCondition: Sendable, Hashable {
    /// The choice field holds one of `codes`.
    case oneOf(field: String, codes: [String])
    /// The date field is today or later (still valid); a blank field counts when `orBlank` (still open).
    case notBeforeToday(field: String, orBlank: Bool)
    /// The amount field is blank or zero (nothing received).
    case blankOrZero(field: String)

    /// The field read and whether a field kind fits.
    var field: (String, (FeedFieldKind) -> Bool) {
        switch self {
        case .oneOf(let field, _): (field, { if case .choice = $0 { true } else { false } })
        case .notBeforeToday(let field, _): (field, { $0 == .date })
        case .blankOrZero(let field): (field, { $0 == .amount })
        }
    }
}

/// What the person a row names must be.
public enum PersonCondition: Sendable, Hashable {
    /// Aged between the two settings' years, both included, on the day the batch is read.
    case ageBetween(AssistanceParameter, AssistanceParameter)

    /// The settings it reads.
    var parameters: [AssistanceParameter] {
        switch self {
        case .ageBetween(let from, let to): [from, to]
        }
    }
}

/// What the household of the person a row names must be.
public indirect enum HouseholdCondition: Sendable, Hashable {
    /// On the monitoring ledger in one of `categories`; in any category when empty.
    case monitored(in: [MonitoringCategory])
    /// Receiving one of the types: an approved item of it, still paid or followed up.
    case receiving([AssistanceTypeID])
    /// Receiving none of the types.
    case notReceiving([AssistanceTypeID])
    /// With a dependant besides the person named: an active member under 18, aged 60 or more, or
    /// with a severe disability (grade 1–2).
    case hasDependants
    /// Meeting at least one of the conditions.
    case anyOf([HouseholdCondition])
}

/// How urgent a condition is: always one level, or a level by how far an amount goes over the
/// district's thresholds.
public enum AlertMeasure: Sendable, Hashable {
    /// The condition alone, at `level`.
    case fixed(RiskLevel)
    /// The amount against thresholds, most urgent first: over the first is its level, and so on;
    /// at or under the last raises nothing.
    case amount(AlertAmount, over: [AlertThreshold])

    /// The thresholds, most urgent first; none for a fixed level.
    public var thresholds: [AlertThreshold] {
        if case .amount(_, let thresholds) = self { thresholds } else { [] }
    }

    /// The levels the measure can give.
    public var levels: [RiskLevel] {
        switch self {
        case .fixed(let level): [level]
        case .amount(_, let thresholds): thresholds.map(\.level)
        }
    }

    /// What makes two findings the same condition of one household: the person named, the
    /// household as a whole, or the calendar year summed.
    public var conditionScope: AlertConditionScope {
        switch self {
        case .fixed: .person
        case .amount(.householdYearTotal, _): .year
        case .amount(.perMember, _): .household
        }
    }

    /// The fields a household's year total reads, nil for any other measure.
    public var yearTotalFields: YearTotalFields? {
        if case .amount(.householdYearTotal(let amount, let date), _) = self { YearTotalFields(amount: amount, date: date) } else { nil }
    }

    /// The fields the measure reads and whether a field kind fits.
    var fields: [(String, (FeedFieldKind) -> Bool)] {
        switch self {
        case .fixed: []
        case .amount(.householdYearTotal(let amount, let date), _): [(amount, { $0 == .amount }), (date, { $0 == .date })]
        case .amount(.perMember(let amount), _): [(amount, { $0 == .amount })]
        }
    }
}

/// What a condition is about, so that the same one is not raised twice while it is open.
public enum AlertConditionScope: String, Sendable, Codable, CaseIterable {
    /// The person a row names (their unemployment, their certificate).
    case person
    /// The household as a whole (its economic check).
    case household
    /// The household in one calendar year (its costs that year).
    case year
    /// The household's lapse of visits, known by the last visit before it (the registry's overdue visit).
    case visitDue = "visit_due"
}

/// An amount an alert rule measures, in fen.
public enum AlertAmount: Sendable, Hashable {
    /// The household's total of `amount` over the rows dated (by `date`) in one calendar year, every
    /// batch of the feed counted and a row sent twice counted once.
    case householdYearTotal(amount: String, date: String)
    /// The row's `amount` divided among the household's active members.
    case perMember(amount: String)
}

/// What a household's year total reads from each row of a feed: the amount, and the day whose
/// calendar year it counts in. One feed's year-total rules read the same two fields, which the
/// storage keeps typed beside each row, so that a total never reads the rows' other fields; when
/// a rule over a feed holding rows is added or reads other fields, the schema update (the
/// server's start, `safetynet migrate`, a restore) fills them for the rows already stored.
public struct YearTotalFields: Sendable, Hashable {
    /// The amount field, in fen.
    public let amount: String
    /// The date field.
    public let date: String

    /// Names the two fields.
    public init(amount: String, date: String) {
        self.amount = amount
        self.date = date
    }
}

/// A level and the district setting an amount must go over to reach it.
public struct AlertThreshold: Sendable, Hashable {
    /// The level reached.
    public let level: RiskLevel
    /// The setting holding the amount, in fen.
    public let parameter: AssistanceParameter

    /// Declares the threshold.
    public init(_ level: RiskLevel, over parameter: AssistanceParameter) {
        self.level = level
        self.parameter = parameter
    }
}
