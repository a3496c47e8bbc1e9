import SafetyNetKernel
import Testing

@Suite("Assistance catalog")
struct AssistanceCatalogTests {
    struct Loan: AssistanceType {
        let id: AssistanceTypeID
        let chineseName = "借款"
        let englishName = "Loan"
        let subject = AssistanceSubject.household
        let decisionLevel = DecisionLevel.town
        let fundingLine = "none"
        let requiredDocuments: [String] = []
        let parameters: [AssistanceParameter] = []
        func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
            .eligible(BenefitProposal(amountFen: 1, period: .once, working: "test"))
        }
    }

    struct Housing: DepartmentModule {
        let types: [any AssistanceType]
        var declaredFeeds: [FeedDefinition] = []
        var declaredRules: [AlertRule] = []
        var descriptor: ModuleDescriptor {
            ModuleDescriptor(id: ModuleID("housing"), chineseName: "住建", englishName: "Housing", version: ModuleVersion(0, 1, 0))
        }
        var assistanceTypes: [any AssistanceType] { types }
        var leadsJointCases: Bool { true }
        var feeds: [FeedDefinition] { declaredFeeds }
        var alertRules: [AlertRule] { declaredRules }
    }

    static let rentLine = AssistanceParameter(
        key: "housing.alert.rentFen", chineseName: "租金预警线", defaultValue: 100_000, unit: .fen, summary: "test")
    static let arrearsLine = AssistanceParameter(
        key: "housing.alert.arrearsFen", chineseName: "欠租预警线", defaultValue: 50_000, unit: .fen, summary: "test")

    static func rule(
        _ feed: String, amount: String = "rent", levels: [RiskLevel] = [.red, .blue], opens: AlertOpening? = nil
    ) -> AlertRule {
        AlertRule(
            id: AlertRuleID(rawValue: "housing.rent-over")!, chineseName: "租金过高", meaning: "test", feed: FeedID(rawValue: feed)!,
            measure: .amount(.perMember(amount: amount), over: zip(levels, [rentLine, arrearsLine]).map { AlertThreshold($0, over: $1) }),
            response: AlertResponse(ledger: .monitor(in: [.suddenHardship]), opens: opens))
    }

    @Test(
        "alert rules must read their own module's feed, its fields of the right kind, with levels most urgent first; their thresholds are settings kept in order"
    )
    func alertRules() throws {
        let rents = FeedDefinition(
            id: FeedID(rawValue: "housing.rents")!, chineseName: "租金", meaning: "test", subject: .person, identityField: "idNumber",
            fields: [.idNumber(), FeedField("rent", "月租金", .amount), FeedField("signedOn", "签约日期", .date)])
        let catalog = try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [rents], declaredRules: [Self.rule("housing.rents")])])
        #expect(catalog.alertRules(reading: rents.id).map(\.id.rawValue) == ["housing.rent-over"])
        #expect(catalog.parameters.contains(Self.rentLine) && catalog.parameters.contains(Self.arrearsLine))
        for broken in [
            Self.rule("housing.leases"), Self.rule("housing.rents", amount: "signedOn"), Self.rule("housing.rents", amount: "deposit"),
            Self.rule("housing.rents", levels: [.blue, .red]), Self.rule("housing.rents", levels: [.red, .green]),
            Self.rule("housing.rents", opens: .application(AssistanceTypeID(rawValue: "housing.rent-subsidy")!)),
            Self.rule("housing.rents", opens: .referral(.housing, module: ModuleID("housing"))),
        ] {
            #expect(throws: AssistanceCatalog.RegistrationError.self) {
                try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [rents], declaredRules: [broken])])
            }
        }
        let disordered = try AssistanceSettings(["housing.alert.arrearsFen": 200_000], known: catalog.parameters)
        #expect(catalog.settingsProblem(disordered)?.code == "thresholds_out_of_order")
        #expect(catalog.settingsProblem(.defaults) == nil)
    }

    @Test("a feed's year-total rules read one amount and one date, which the catalog hands the storage; rules totalling other fields are refused")
    func yearTotals() throws {
        let rents = FeedDefinition(
            id: FeedID(rawValue: "housing.rents")!, chineseName: "租金", meaning: "test", subject: .person, identityField: "idNumber",
            fields: [.idNumber(), FeedField("rent", "月租金", .amount), FeedField("deposit", "押金", .amount), FeedField("paidOn", "缴纳日期", .date)])
        func total(_ name: String, amount: String) -> AlertRule {
            AlertRule(
                id: AlertRuleID(rawValue: "housing.\(name)")!, chineseName: "年度租金", meaning: "test", feed: rents.id,
                measure: .amount(.householdYearTotal(amount: amount, date: "paidOn"), over: [AlertThreshold(.blue, over: Self.rentLine)]),
                response: AlertResponse(ledger: .monitor(in: [.suddenHardship]), opens: nil))
        }
        let rules = [total("rent-year", amount: "rent"), total("rent-year-again", amount: "rent"), Self.rule("housing.rents")]
        let catalog = try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [rents], declaredRules: rules)])
        #expect(catalog.yearTotals == [rents.id: YearTotalFields(amount: "rent", date: "paidOn")])
        #expect(throws: AssistanceCatalog.RegistrationError.self) {
            try AssistanceCatalog(modules: [
                Housing(
                    types: [], declaredFeeds: [rents], declaredRules: [total("rent-year", amount: "rent"), total("deposit-year", amount: "deposit")])
            ])
        }
        #expect(
            try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [rents], declaredRules: [Self.rule("housing.rents")])]).yearTotals
                .isEmpty)
    }

    static func feed(_ id: String) -> FeedDefinition {
        FeedDefinition(
            id: FeedID(rawValue: id)!, chineseName: "租房", meaning: "test", subject: .person, identityField: "idNumber",
            fields: [FeedField("idNumber", "身份证号", .idNumber)])
    }

    @Test("feeds are found by id; one declared for another module, or twice, is refused")
    func feeds() throws {
        let own = Self.feed("housing.rentals")
        #expect(try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [own])]).feeds[own.id] == own)
        #expect(throws: AssistanceCatalog.RegistrationError.self) {
            try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [Self.feed("medical-aid.rentals")])])
        }
        #expect(throws: AssistanceCatalog.RegistrationError.self) {
            try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [own, own])])
        }
        let sameHeader = FeedDefinition(
            id: FeedID(rawValue: "housing.rents")!, chineseName: "租金", meaning: "test", subject: .person, identityField: "idNumber",
            fields: [.idNumber(), FeedField("rent", "身份证号", .amount)])
        let noIdentity = FeedDefinition(
            id: FeedID(rawValue: "housing.leases")!, chineseName: "租约", meaning: "test", subject: .person, identityField: "name",
            fields: [.idNumber(), .personName()])
        for broken in [sameHeader, noIdentity] {
            #expect(broken.declarationProblem != nil)
            #expect(throws: AssistanceCatalog.RegistrationError.self) {
                try AssistanceCatalog(modules: [Housing(types: [], declaredFeeds: [broken])])
            }
        }
        #expect(own.declarationProblem == nil)
        #expect(FeedID(rawValue: "housing") == nil && FeedID(rawValue: "housing.Rentals") == nil && own.id.name == "rentals")
    }

    @Test("types are found by id, with their time limits; the lead module is known")
    func lookup() throws {
        let id = AssistanceTypeID(module: ModuleID("housing"), name: "rent-aid")
        let catalog = try AssistanceCatalog(
            modules: [Housing(types: [Loan(id: id)])],
            settings: AssistanceSettings(["housing.rent-aid.decisionWorkingDays": 10], known: CaseTimeLimits.parameters(for: id)))
        #expect(catalog.type(id)?.englishName == "Loan")
        #expect(catalog.limits(for: id).decision == .workingDays(10))
        #expect(catalog.leadModule == ModuleID("housing"))
        #expect(AssistanceCatalog.parameters(of: [Housing(types: [Loan(id: id)])]).contains { $0.key == "housing.rent-aid.papersWorkingDays" })
    }

    @Test("a module may not register another module's type, nor one type twice")
    func registration() {
        let foreign = AssistanceTypeID(module: ModuleID("charity"), name: "loan")
        #expect(throws: AssistanceCatalog.RegistrationError.self) { try AssistanceCatalog(modules: [Housing(types: [Loan(id: foreign)])]) }
        let own = AssistanceTypeID(module: ModuleID("housing"), name: "loan")
        #expect(throws: AssistanceCatalog.RegistrationError.self) {
            try AssistanceCatalog(modules: [Housing(types: [Loan(id: own), Loan(id: own)])])
        }
        #expect(AssistanceTypeID(rawValue: "Housing.loan") == nil)
        #expect(AssistanceTypeID(rawValue: "housing") == nil)
    }
}
