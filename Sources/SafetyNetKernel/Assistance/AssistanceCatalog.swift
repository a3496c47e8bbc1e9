/// The assistance types of the modules a deployment runs, with the district's settings: what the
/// server looks types up in.
public struct AssistanceCatalog: Sendable {
    /// A type registered by a module that does not own its id, or twice.
    public struct RegistrationError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// Types by id.
    public let types: [AssistanceTypeID: any AssistanceType]
    /// Feeds by id.
    public let feeds: [FeedID: FeedDefinition]
    /// The module that leads joint cases (civil affairs), if one is linked in.
    public let leadModule: ModuleID?
    /// Alert rules by id.
    public let alertRules: [AlertRuleID: AlertRule]
    /// What the year-total rules of a feed read, for the feeds that have one.
    public let yearTotals: [FeedID: YearTotalFields]
    /// Every setting the linked modules read, shared ones first.
    public let parameters: [AssistanceParameter]
    /// The district's settings in force, replaced at runtime when an admin stores a new version.
    public let settingsBoard: DistrictSettingsBoard
    /// The referrals each module takes, for the modules that take any.
    public let referralHandling: [ModuleID: ReferralHandling]
    /// The Chinese names of the linked departments (民政, 医疗保障 …), from their descriptors.
    public let departmentNames: [ModuleID: String]

    /// Collects the types, feeds and alert rules of `modules`; each id must start with its
    /// module's id and be unique, and each rule must read a feed of its own module.
    public init(modules: [any DepartmentModule], settings: AssistanceSettings = .defaults) throws(RegistrationError) {
        self.types = try Self.collect(modules, \.assistanceTypes, id: \.id)
        self.feeds = try Self.collect(modules, \.feeds, id: \.id)
        self.alertRules = try Self.collect(modules, \.alertRules, id: \.id)
        if let problem = feeds.values.sorted(by: { $0.id < $1.id }).lazy.compactMap(\.declarationProblem).first {
            throw RegistrationError(description: problem)
        }
        for rule in alertRules.values.sorted(by: { $0.id < $1.id }) {
            guard let feed = feeds[rule.feed], rule.feed.module == rule.id.module else {
                throw RegistrationError(description: "alert rule \(rule.id) reads \(rule.feed), which its module does not declare")
            }
            if let problem = rule.declarationProblem(in: feed) { throw RegistrationError(description: problem) }
        }
        self.yearTotals = try Self.yearTotals(of: alertRules.values.sorted { $0.id < $1.id })
        self.referralHandling = Dictionary(
            uniqueKeysWithValues: modules.compactMap { module in
                module.referralHandling.takesReferrals ? (module.descriptor.id, module.referralHandling) : nil
            })
        for rule in alertRules.values.sorted(by: { $0.id < $1.id }) {
            if let problem = Self.responseProblem(rule, types: types, referralHandling: referralHandling) {
                throw RegistrationError(description: problem)
            }
        }
        self.leadModule = modules.first(where: \.leadsJointCases)?.descriptor.id
        self.parameters = Self.parameters(of: modules)
        self.settingsBoard = DistrictSettingsBoard(DistrictSettings(version: 0, values: settings))
        self.departmentNames = Dictionary(modules.map { ($0.descriptor.id, $0.descriptor.chineseName) }, uniquingKeysWith: { first, _ in first })
    }

    /// What each module declares, by id; an id that names another module, or comes twice, is refused.
    private static func collect<ID: ModuleQualifiedID, Item>(
        _ modules: [any DepartmentModule], _ declared: (any DepartmentModule) -> [Item], id: (Item) -> ID
    ) throws(RegistrationError) -> [ID: Item] {
        var items: [ID: Item] = [:]
        for module in modules {
            for item in declared(module) {
                guard id(item).module == module.descriptor.id else {
                    throw RegistrationError(description: "\(module.descriptor.id) registers \(id(item)), which belongs to another module")
                }
                guard items.updateValue(item, forKey: id(item)) == nil else {
                    throw RegistrationError(description: "\(id(item)) is registered twice")
                }
            }
        }
        return items
    }

    /// The fields each feed's year totals read; rules totalling other fields of one feed are refused.
    private static func yearTotals(of rules: [AlertRule]) throws(RegistrationError) -> [FeedID: YearTotalFields] {
        var totals: [FeedID: YearTotalFields] = [:]
        for rule in rules {
            guard let fields = rule.measure.yearTotalFields else { continue }
            guard let earlier = totals.updateValue(fields, forKey: rule.feed), earlier != fields else { continue }
            throw RegistrationError(
                description:
                    "alert rule \(rule.id) totals \(fields.amount) by \(fields.date), another rule over \(rule.feed) \(earlier.amount) by \(earlier.date); one feed's year totals read the same two fields"
            )
        }
        return totals
    }

    /// What makes the help a rule's confirmed alerts open impossible, or nil: the type applied for
    /// must be linked in, the department referred to must take referrals.
    private static func responseProblem(
        _ rule: AlertRule, types: [AssistanceTypeID: any AssistanceType], referralHandling: [ModuleID: ReferralHandling]
    ) -> String? {
        switch rule.response.opens {
        case .application(let type, _) where types[type] == nil:
            "alert rule \(rule.id) opens an application of \(type), which no linked module registers"
        case .referral(_, let module?) where referralHandling[module] == nil:
            "alert rule \(rule.id) refers to \(module), which takes no referrals or is not linked in"
        default: nil
        }
    }

    /// The district's settings in force now.
    public var settings: AssistanceSettings { settingsBoard.current.values }

    /// The Chinese name of the alert rule `id`, the registry's own included; its id when nothing
    /// linked in declares it (a module since removed).
    public func alertRuleName(_ id: AlertRuleID) -> String {
        alertRules[id]?.chineseName ?? (id == VisitOverdueAlert.id ? VisitOverdueAlert.chineseName : id.rawValue)
    }

    /// The standing benefits (低保, 特困, the two disability subsidies …) whose households the full comparison checks.
    public var standingBenefits: [AssistanceTypeID] { types.values.filter(\.isStandingBenefit).map(\.id).sorted() }

    /// The rules reading `feed`, ordered by id.
    public func alertRules(reading feed: FeedID) -> [AlertRule] {
        alertRules.values.filter { $0.feed == feed }.sorted { $0.id < $1.id }
    }

    /// What is wrong with `settings` for the linked alert rules, or nil.
    public func settingsProblem(_ settings: AssistanceSettings) -> FieldError? {
        alertRules.values.sorted { $0.id < $1.id }.lazy.compactMap { $0.settingsProblem(settings) }.first
    }

    /// The department's Chinese name, or its id when no linked module has it.
    public func departmentName(_ module: ModuleID) -> String { departmentNames[module] ?? module.rawValue }

    /// The department a referral for `need` goes to when the sender names none: the module whose
    /// policy covers it (the lead module first), else the one taking needs no policy covers.
    /// A department that `isOn` says is switched off is passed over for the lead module, which
    /// cannot be switched off and takes the last escalation anyway.
    public func department(for need: Need, isOn: (ModuleID) -> Bool = { _ in true }) -> ModuleID? {
        let department = referralDepartments.first { referralHandling[$0]!.needs.contains(need) } ?? uncoveredNeedsDepartment
        return department.map { isOn($0) ? $0 : leadModule ?? $0 }
    }

    /// The department taking needs no policy covers (charity's role in 002), if one is linked.
    public var uncoveredNeedsDepartment: ModuleID? { referralDepartments.first { referralHandling[$0]!.takesUncoveredNeeds } }

    /// The departments taking referrals, the lead first, then by id: the order routing asks them in.
    private var referralDepartments: [ModuleID] {
        referralHandling.keys.sorted { ($0 == leadModule ? 0 : 1, $0.rawValue) < ($1 == leadModule ? 0 : 1, $1.rawValue) }
    }

    /// Every setting the registered types read, shared ones first, each key once.
    public static func parameters(of modules: [any DepartmentModule]) -> [AssistanceParameter] {
        var seen = Set<String>()
        return
            (DistrictParameters.all + processParameters + modules.flatMap(\.parameters)).filter { seen.insert($0.key).inserted }
    }

    /// The kernel's own settings for its processes: referral answers, alert verification and
    /// decision, overdue visits, the full comparison, follow-up.
    public static let processParameters = [
        ReferralParameters.answerWorkingDays, AlertParameters.verificationWorkingDays, AlertParameters.decisionWorkingDays,
        VisitOverdueAlert.graceDays, FullComparisonParameters.intervalMonths, FollowUpParameters.visitIntervalDays,
        FollowUpParameters.reassessmentMonths,
    ]

    /// Where a referral goes: a named department answers at the district unless a level is named;
    /// with neither named, the village, the lowest level that can handle it (村能办的村办).
    public func address(for need: Need, module: ModuleID?, level: HandlingLevel?, isOn: (ModuleID) -> Bool = { _ in true }) -> ReferralAddress {
        routed(ReferralAddress(module: module, level: level ?? (module == nil ? .village : .district)), need: need, isOn: isOn)
    }

    /// `address` with the need's department (one switched on, see ``department(for:isOn:)``)
    /// filled in at the district level, where departments answer.
    public func routed(_ address: ReferralAddress, need: Need, isOn: (ModuleID) -> Bool = { _ in true }) -> ReferralAddress {
        guard address.level == .district, address.module == nil else { return address }
        return ReferralAddress(module: department(for: need, isOn: isOn), level: .district)
    }

    /// The type with `id`.
    public func type(_ id: AssistanceTypeID) -> (any AssistanceType)? { types[id] }

    /// The time limits in force for `type`.
    public func limits(for type: AssistanceTypeID) -> CaseTimeLimits { CaseTimeLimits(for: type, settings: settings) }

    /// The departments that register types or take referrals.
    public var departments: Set<ModuleID> { Set(types.keys.map(\.module)).union(referralHandling.keys) }

    /// Every registered type, ordered by id.
    public var all: [any AssistanceType] { types.values.sorted { $0.id < $1.id } }
}
