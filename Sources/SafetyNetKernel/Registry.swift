import Foundation

/// A phone number as stored: digits only. Mobile numbers have 11 digits starting 13–19;
/// landlines an area code starting 0 and 10–12 digits in all (dashes and spaces are dropped).
public struct PhoneNumber: Hashable, Sendable {
    /// The digits.
    public let digits: String

    /// Validates and normalizes `text`.
    public init(_ text: String, field: String = "phone") throws(FieldError) {
        let digits = String(text.filter { $0 != "-" && $0 != " " })
        let allDigits = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isWholeNumber }
        let mobile = digits.count == 11 && digits.hasPrefix("1") && Array(digits)[1] >= "3"
        let landline = (10...12).contains(digits.count) && digits.hasPrefix("0")
        guard allDigits, mobile || landline else {
            throw FieldError(field: field, code: "invalid_phone", message: "expected an 11-digit mobile number or a landline with its area code")
        }
        self.digits = digits
    }
}

/// The categories of disability certificates (残疾人证).
public enum DisabilityCategory: String, Sendable, Codable, CaseIterable {
    case visual, hearing, speech, physical, intellectual, mental, multiple

    /// The category's Chinese name, as on the certificate (残疾人证).
    public var chineseName: String {
        switch self {
        case .visual: "视力残疾"
        case .hearing: "听力残疾"
        case .speech: "言语残疾"
        case .physical: "肢体残疾"
        case .intellectual: "智力残疾"
        case .mental: "精神残疾"
        case .multiple: "多重残疾"
        }
    }
}

/// A disability certificate's category and grade: 1 (most severe) to 4; grades 1–2 are severe.
public struct Disability: Hashable, Sendable, Codable {
    /// The category.
    public let category: DisabilityCategory
    /// The grade, 1–4.
    public let grade: Int
    /// Grades 1 and 2, which qualify for the nursing subsidy.
    public var isSevere: Bool { grade <= 2 }

    /// Validates the grade.
    public init(category: DisabilityCategory, grade: Int, field: String = "disability") throws(FieldError) {
        guard (1...4).contains(grade) else {
            throw FieldError(field: "\(field).grade", code: "invalid_grade", message: "disability grades run from 1 (most severe) to 4")
        }
        self.category = category
        self.grade = grade
    }

    private enum CodingKeys: String, CodingKey { case category, grade }

    /// Decodes and validates, so a grade out of range is refused naming its field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let path = FieldError.path(decoder.codingPath)
        try self.init(
            category: try container.decode(DisabilityCategory.self, forKey: .category), grade: try container.decode(Int.self, forKey: .grade),
            field: path.isEmpty ? "disability" : path)
    }
}

/// What a new or changed household must hold.
public struct HouseholdDraft: Hashable, Sendable {
    /// The grid it lives in.
    public let grid: RegionCode
    /// Its address.
    public let address: String

    /// Validates: the region must be a grid, the address 1–300 characters.
    public init(grid: RegionCode, address: String) throws(FieldError) {
        guard grid.level == .grid else {
            throw FieldError(field: "gridCode", code: "not_a_grid", message: "households live in a grid (a 15-digit code)")
        }
        self.grid = grid
        self.address = try TextRule.required(address, field: "address", limit: .address)
    }
}

/// What a new or changed person must hold. The ID number fixes birth date and sex.
public struct PersonDraft: Hashable, Sendable {
    public let name: String
    public let relation: HouseholdRelation
    public let idNumber: ResidentIDNumber
    public let phone: PhoneNumber?
    public let disability: Disability?
    /// Monthly income in fen; nil when not recorded (which is not the same as zero).
    public let monthlyIncomeFen: Int?

    /// Validates the name and the income; the other fields are valid by type.
    public init(
        name: String, relation: HouseholdRelation, idNumber: ResidentIDNumber, phone: PhoneNumber? = nil,
        disability: Disability? = nil, monthlyIncomeFen: Int? = nil
    ) throws(FieldError) {
        self.name = try TextRule.required(name, field: "name", limit: .name)
        if let income = monthlyIncomeFen, !(0...100_000_000).contains(income) {
            throw FieldError(field: "monthlyIncomeFen", code: "out_of_range", message: "monthly income is 0 to 1,000,000 yuan, in fen")
        }
        self.relation = relation
        self.idNumber = idNumber
        self.phone = phone
        self.disability = disability
        self.monthlyIncomeFen = monthlyIncomeFen
    }
}

/// Whether a household is still registered.
public enum HouseholdStatus: String, Sendable, Codable, CaseIterable {
    case active
    case closed
}

/// Whether a person is still a member, and if not, why.
public enum PersonStatus: String, Sendable, Codable, CaseIterable {
    case active
    case deceased
    case movedAway = "moved_away"
}

/// Why a household or person left the registry.
public enum ClosureReason: String, Sendable, Codable, CaseIterable {
    case deceased
    case movedAway = "moved_away"
}
