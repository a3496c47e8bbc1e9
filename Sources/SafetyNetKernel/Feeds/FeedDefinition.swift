/// A feed's stable id: the declaring module's id, a dot, and a name, e.g. `medical-aid.settlements`.
public struct FeedID: ModuleQualifiedID {
    /// The id's text.
    public let rawValue: String

    public init(checkedRawValue: String) { rawValue = checkedRawValue }
    public static let kind = "a feed"
    public static let invalidCode = "invalid_feed"
    public static let hint = "medical-aid.settlements; GET /api/v1/feeds lists them"
}

/// Whom a feed's rows are about, found through the ID number in ``FeedDefinition/identityField``.
public enum FeedSubject: String, Sendable, Codable, CaseIterable {
    /// The person named (a settlement, a certificate, a registration).
    case person
    /// The household whose head is named (an economic check of the whole household).
    case household
}

/// Data a department sends in batches, as its module declares it: the fields of a row, which
/// one names the person, and what a row means. Rows are checked against this before anything
/// is stored; alert rules read the values it yields.
public struct FeedDefinition: Sendable, Hashable {
    /// The stable id, used in URLs, the database and alert rules.
    public let id: FeedID
    /// The feed's Chinese name, as the department calls its export, e.g. 医保结算记录.
    public let chineseName: String
    /// What one row states, for integrators and the API's list of feeds.
    public let meaning: String
    /// Whom the rows are about.
    public let subject: FeedSubject
    /// The fields of a row, in the order a CSV export would carry them.
    public let fields: [FeedField]
    /// The name of the field holding the ID number that identifies ``subject``.
    public let identityField: String
    /// The names of ``fields``, in order: kept once, shared by every record read.
    public let fieldNames: [String]

    /// Declares a feed; ``declarationProblem`` says whether it is usable, and the catalog refuses
    /// one that is not when the server starts.
    public init(id: FeedID, chineseName: String, meaning: String, subject: FeedSubject, identityField: String, fields: [FeedField]) {
        self.id = id
        self.chineseName = chineseName
        self.meaning = meaning
        self.subject = subject
        self.identityField = identityField
        self.fields = fields
        self.fieldNames = fields.map(\.name)
    }

    /// What makes the declaration unusable, or nil: field names and Chinese labels must be unique
    /// (a header must name one field), `identityField` must be a required ID number field, and at
    /// most one field says where the person lives.
    public var declarationProblem: String? {
        let names = fields.map(\.name) + fields.map(\.chineseLabel)
        if Set(names).count != names.count { return "feed \(id): field names and Chinese labels must be unique" }
        if fields.count(where: { $0.kind == .region }) > 1 { return "feed \(id): at most one field gives the region" }
        let identity = fields.first { $0.name == identityField }
        guard identity?.kind == .idNumber, identity?.isRequired == true else {
            return "feed \(id): its identity field \(identityField) must be a required ID number field"
        }
        return nil
    }

    /// The field saying where the person lives, which places a discovery in a town, village or grid.
    public var regionField: String? { fields.first { $0.kind == .region }?.name }

    /// The position in ``fields`` of the field with this name or Chinese label, as a CSV header or
    /// a JSON key names it.
    public func fieldPosition(named header: String) -> Int? {
        fields.firstIndex { $0.name == header || $0.chineseLabel == header }
    }
}

/// One field of a feed's rows.
public struct FeedField: Sendable, Hashable {
    /// The name in JSON Lines and English CSV headers, e.g. `selfPaid`.
    public let name: String
    /// The header Chinese exports use, e.g. 个人自付金额; accepted in place of the name.
    public let chineseLabel: String
    /// What the text must be and what it becomes.
    public let kind: FeedFieldKind
    /// Whether every row must fill it.
    public let isRequired: Bool
    /// Whether the value is personal data: masked wherever a problem quotes it. ID numbers always are.
    public let isPersonal: Bool

    /// The ID number of the person (or household head) a row names: `idNumber` / 身份证号 unless told.
    public static func idNumber(_ name: String = "idNumber", _ chineseLabel: String = "身份证号") -> FeedField {
        FeedField(name, chineseLabel, .idNumber)
    }

    /// The person's name as the export gives it, optional and personal: `name` / 姓名 unless told.
    public static func personName(_ name: String = "name", _ chineseLabel: String = "姓名") -> FeedField {
        FeedField(name, chineseLabel, .text(maximum: TextLimit.name.maximum), required: false, personal: true)
    }

    /// Where the person lives, optional: `regionCode` / 所在区划代码 unless told.
    public static func residence(_ name: String = "regionCode", _ chineseLabel: String = "所在区划代码") -> FeedField {
        FeedField(name, chineseLabel, .region, required: false)
    }

    /// Declares a field.
    public init(_ name: String, _ chineseLabel: String, _ kind: FeedFieldKind, required: Bool = true, personal: Bool = false) {
        self.name = name
        self.chineseLabel = chineseLabel
        self.kind = kind
        self.isRequired = required
        self.isPersonal = personal || kind == .idNumber
    }
}
