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
        var descriptor: ModuleDescriptor {
            ModuleDescriptor(id: ModuleID("housing"), chineseName: "住建", englishName: "Housing", version: ModuleVersion(0, 1, 0))
        }
        var assistanceTypes: [any AssistanceType] { types }
        var leadsJointCases: Bool { true }
        var feeds: [FeedDefinition] { declaredFeeds }
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
