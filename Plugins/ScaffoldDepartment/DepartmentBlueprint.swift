import Foundation

/// What the scaffold writes for a department named like `Housing` or `HousingAid`.
struct DepartmentBlueprint {
    /// The Swift module (target) name, e.g. `Housing`.
    let name: String
    /// The module id, e.g. `housing` or `housing-aid`.
    let moduleID: String
    let chineseName: String
    /// The referral need the module takes, as its Swift case, e.g. `housing`.
    let needCase: String

    /// The referral needs the kernel knows, by their wire names.
    static let needs = [
        "livelihood": "livelihood", "medical": "medical", "schooling": "schooling", "employment": "employment",
        "housing": "housing", "elderly_care": "elderlyCare", "disability": "disability", "emergency": "emergency", "other": "other",
    ]

    /// `takenNames` are the Swift module names the package and its dependencies already use.
    init(name: String, chineseName: String?, need: String?, takenNames: Set<String> = []) throws {
        guard name.range(of: #"^[A-Z][A-Za-z0-9]{1,39}$"#, options: .regularExpression) != nil else {
            throw ScaffoldError("the name is an UpperCamelCase Swift identifier, e.g. Housing or HousingAid")
        }
        guard !takenNames.contains(name) else {
            throw ScaffoldError("\(name) is already a module of this package or a dependency; pick another name")
        }
        self.name = name
        moduleID = name.replacingOccurrences(of: #"([a-z0-9])([A-Z])"#, with: "$1-$2", options: .regularExpression).lowercased()
        guard moduleID != "kernel" else { throw ScaffoldError("kernel is the core schema's owner; pick another name") }
        self.chineseName = chineseName ?? name
        let named = moduleID.replacingOccurrences(of: "-", with: "_")  // ElderlyCare takes elderly_care
        let wire = need ?? (Self.needs[named] != nil ? named : "other")
        guard let needCase = Self.needs[wire] else {
            throw ScaffoldError("--need is one of \(Self.needs.keys.sorted().joined(separator: ", "))")
        }
        self.needCase = needCase
    }

    /// Writes the module, its tests and the Package.swift entry under `package`; returns the files written.
    func write(into package: URL) throws -> [String] {
        let manifest = package.appending(path: "Package.swift")
        let listed = try listing(in: String(contentsOf: manifest, encoding: .utf8))
        let files = [
            ("Sources/Departments/\(name)/\(name)Module.swift", module),
            ("Sources/Departments/\(name)/\(name)Assistance.swift", assistanceType),
            ("Sources/Departments/\(name)/\(name)Migrations.swift", migrations),
            ("Sources/Departments/\(name)/\(name)Feeds.swift", feeds),
            ("Tests/Departments/\(name)Tests/\(name)Tests.swift", tests),
        ]
        for (path, _) in files where FileManager.default.fileExists(atPath: package.appending(path: path).path) {
            throw ScaffoldError("\(path) exists already; pick another name or remove it")
        }
        for (path, text) in files {
            let url = package.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try listed.write(to: manifest, atomically: true, encoding: .utf8)
        return files.map(\.0)
    }

    /// `manifest` with the name appended to the `departments` array, however that array is laid out.
    func listing(in manifest: String) throws -> String {
        guard let declaration = manifest.firstMatch(of: /let departments(?:: \[String\])? = \[[^\]]*\]/) else {
            throw ScaffoldError("Package.swift has no `let departments = [...]` to add \(name) to")
        }
        let names = declaration.output.matches(of: /"([^"]+)"/).map { String($0.output.1) }
        guard !names.contains(name) else { throw ScaffoldError("\(name) is listed in Package.swift already") }
        let rebuilt = "let departments = [" + (names + [name]).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        return manifest.replacingCharacters(in: declaration.range, with: rebuilt)
    }

    private var table: String { moduleID.replacingOccurrences(of: "-", with: "_") + "_record" }

    var module: String {
        """
        import SafetyNetKernel

        /// The \(name) department (\(chineseName)): \(name)Assistance, and the referrals for its need.
        public struct \(name)Module: DepartmentModule {
            /// The module's id, used in configuration, the database and URLs.
            public static let id = ModuleID("\(moduleID)")

            /// Creates the module.
            public init() {}

            public var descriptor: ModuleDescriptor {
                ModuleDescriptor(id: Self.id, chineseName: "\(chineseName)", englishName: "\(name)", version: ModuleVersion(0, 1, 0))
            }

            public var assistanceTypes: [any AssistanceType] { [\(name)Assistance()] }

            /// Referrals for this need addressed to the department are answered by its officers.
            public var referralHandling: ReferralHandling { ReferralHandling(needs: [.\(needCase)]) }

            public var migrations: [SchemaMigration] { \(name)Migrations.all }

            /// The data the department sends in batches; see \(name)Feeds.
            public var feeds: [FeedDefinition] { [\(name)Feeds.records] }
        }

        """
    }

    var assistanceType: String {
        """
        import SafetyNetKernel

        /// \(chineseName): for low-income households (dibao, tekun, low-income edge), a share of the
        /// stated cost up to a cap, once a year. Replace the rule with the department's own.
        public struct \(name)Assistance: AssistanceType {
            public let id = AssistanceTypeID(module: \(name)Module.id, name: "\(moduleID)-assistance")
            public let chineseName = "\(chineseName)"
            public let englishName = "\(name) assistance"
            public let subject = AssistanceSubject.household
            public let decisionLevel = DecisionLevel.district
            public let fundingLine = "\(chineseName)资金"
            public let requiredDocuments = ["申请书", "居民身份证", "费用凭证"]

            let rate: AssistanceParameter
            let cap: AssistanceParameter

            /// Creates the type with its district settings and their defaults.
            public init() {
                rate = AssistanceParameter(
                    key: "\\(id).rateBP", chineseName: "\(chineseName)比例（万分比）", defaultValue: 5_000, unit: .basisPoints,
                    summary: "share of the stated cost paid")
                cap = AssistanceParameter(
                    key: "\\(id).capFen", chineseName: "\(chineseName)年度上限（元/户）", defaultValue: 2_000_000, unit: .fen,
                    summary: "most paid per household per year")
            }

            public var parameters: [AssistanceParameter] { [rate, cap] }

            public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
                Assessment { () throws(AssessmentStop) in
                    let basis = "《社会救助暂行办法》"
                    guard input.household.isLowIncome else {
                        throw .notMet("not_in_assisted_group", "the household holds no low-income standing", basis: basis)
                    }
                    guard input.history.grantsThisYear == 0 else {
                        throw .notMet("already_granted_this_year", "the household had \\(chineseName) this year already", basis: basis)
                    }
                    guard let cost = input.claim.costFen, cost > 0 else {
                        throw .missing("claim.costFen", "state the cost to be helped with, in fen")
                    }
                    let share = cost * settings.value(rate) / 10_000
                    let amount = min(share, settings.value(cap))
                    return BenefitProposal(amountFen: amount, period: .once,
                                           working: "\\(Money.yuan(cost)) × \\(settings.value(rate) / 100)%, at most \\(Money.yuan(settings.value(cap)))")
                }
            }
        }

        """
    }

    var feeds: String {
        """
        import SafetyNetKernel

        /// The data \(chineseName) sends in batches (CSV or JSON Lines, by field name or Chinese
        /// header): one row per person, named by their ID number. Replace the fields with what the
        /// department's system exports; alert rules read the values by field name.
        enum \(name)Feeds {
            /// One record about a person.
            static let records = FeedDefinition(
                id: FeedID(module: \(name)Module.id, name: "records"), chineseName: "\(chineseName)数据",
                meaning: "one record of \(chineseName) about a person: what happened on a day, and the amount involved",
                subject: .person, identityField: "idNumber",
                fields: [
                    .idNumber(),
                    .personName(),
                    FeedField("recordedOn", "日期", .date),
                    FeedField("amount", "金额", .amount, required: false),
                    // Where the person lives: a row naming nobody the registry knows is listed there as a discovery.
                    .residence(),
                ])
        }

        """
    }

    var migrations: String {
        """
        import SafetyNetKernel

        /// The \(moduleID) module's own tables. Never edit a shipped migration: add the next one.
        enum \(name)Migrations {
            static let all = [
                SchemaMigration(version: 1, name: "\(moduleID) records", sql: \"\"\"
                    -- What the department records about a household beyond the case itself.
                    CREATE TABLE \(table) (
                        id uuid PRIMARY KEY,
                        household_id uuid NOT NULL REFERENCES household (id),
                        note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
                        recorded_at timestamptz NOT NULL DEFAULT now()
                    );
                    CREATE INDEX \(table)_household ON \(table) (household_id, recorded_at);
                    \"\"\"),
            ]
        }

        """
    }

    var tests: String {
        """
        import DepartmentTestSupport
        import \(name)
        import SafetyNetKernel
        import Testing

        @Suite("\(chineseName)")
        struct \(name)Tests {
            let type = \(name)Assistance()
            let adult = Facts.member(age: 40)

            @Test("the module registers its type under its own id, is where its need is routed in a catalog of its own, and numbers its migrations from 1")
            func contract() throws {
                let module = \(name)Module()
                let catalog = try AssistanceCatalog(modules: [module])
                #expect(catalog.type(type.id) != nil && type.id.module == module.descriptor.id)
                #expect(catalog.department(for: .\(needCase)) == module.descriptor.id)
                #expect(module.migrations.map(\\.version) == Array(1...module.migrations.count))
                #expect(catalog.feeds.keys.allSatisfy { $0.module == module.descriptor.id } && !catalog.feeds.isEmpty)
            }

            @Test("the feed reads dates and amounts as exports write them, and names every field it refuses")
            func feed() throws {
                let feed = try #require(\(name)Module().feeds.first)
                let today = try #require(CalendarDate(year: 2026, month: 12, day: 1))
                let row = ["idNumber": "11010519491231002X", "recordedOn": "2026/3/1", "amount": "1,234.50"]
                let record = try feed.record(fromNamed: row, today: today).get()
                #expect(record.date("recordedOn") == CalendarDate(year: 2026, month: 3, day: 1) && record.fen("amount") == 123_450)
                let refused = feed.record(fromNamed: ["idNumber": "110105194912310021", "amount": "12.345"], today: today)
                #expect(throws: FeedRowRefusal.self) { try refused.get() }
                if case .failure(let refusal) = refused { #expect(refusal.problems.map(\\.field) == ["idNumber", "recordedOn", "amount"]) }
            }

            @Test("a low-income household gets the share of its cost, at most the cap")
            func benefit() {
                let dibao: Set<MonitoringCategory> = [.dibao]
                #expect(type.assess(Facts.input([adult], categories: dibao, claim: Claim(costFen: 1_000_000)), settings: .defaults).amount == 500_000)
                #expect(type.assess(Facts.input([adult], categories: dibao, claim: Claim(costFen: 9_000_000)), settings: .defaults).amount == 2_000_000)
                let settings = AssistanceSettings.with(["\\(type.id).rateBP": 8_000], for: type)
                #expect(type.assess(Facts.input([adult], categories: dibao, claim: Claim(costFen: 1_000_000)), settings: settings).amount == 800_000)
            }

            @Test("no low-income standing, a grant this year already, or no cost stated: refused or incomplete")
            func refusals() {
                #expect(type.assess(Facts.input([adult], claim: Claim(costFen: 1_000_000)), settings: .defaults).refusalCode == "not_in_assisted_group")
                let earlier = AssistanceHistory(grantsThisYear: 1, approvedThisYearFen: 500_000)
                #expect(type.assess(Facts.input([adult], categories: [.tekun], claim: Claim(costFen: 1_000_000), history: earlier), settings: .defaults)
                    .refusalCode == "already_granted_this_year")
                #expect(type.assess(Facts.input([adult], categories: [.tekun]), settings: .defaults).missingFields == ["claim.costFen"])
            }
        }

        """
    }
}
