import Foundation
import SafetyNetKernel

extension RegionCode: WireDescribed {
    static var wireSchema: JSONSchema { .matching("^[0-9]{12}([0-9]{3})?$") }
    static func wireSample() throws -> RegionCode { try RegionCode("110101000000") }
}

extension CalendarDate: WireDescribed {
    static var wireSchema: JSONSchema { .formatted("date") }
    static func wireSample() throws -> CalendarDate { CalendarDate(daysSinceEpoch: 0) }
}

extension ModuleID: WireDescribed {
    static var wireSchema: JSONSchema { .matching("^[a-z][a-z0-9-]{0,39}$") }
    static func wireSample() throws -> ModuleID { .kernel }
}

extension AssistanceTypeID: WireDescribed {
    static var wireSchema: JSONSchema { .matching("^[a-z][a-z0-9-]{0,39}\\.[a-z][a-z0-9-]{0,39}$") }
    static func wireSample() throws -> AssistanceTypeID { AssistanceTypeID(module: "civil-affairs", name: "dibao") }
}

extension FeedID: WireDescribed {
    static var wireSchema: JSONSchema { AssistanceTypeID.wireSchema }
    static func wireSample() throws -> FeedID { FeedID(module: "medical-aid", name: "settlements") }
}

extension AlertRuleID: WireDescribed {
    static var wireSchema: JSONSchema { AssistanceTypeID.wireSchema }
    static func wireSample() throws -> AlertRuleID { AlertRuleID(module: "medical-aid", name: "annual-self-paid") }
}

extension Disability: WireDescribed {
    static var wireSchema: JSONSchema {
        .object(properties: [
            .init(name: "category", schema: .oneOf(DisabilityCategory.allCases.map(\.rawValue)), isRequired: true, description: nil),
            .init(
                name: "grade", schema: .integer(minimum: 1, maximum: 4), isRequired: true,
                description: "the certificate's grade, 1 (most severe) to 4; grades 1–2 are severe"),
        ])
    }
    static func wireSample() throws -> Disability { try Disability(category: DisabilityCategory.allCases[0], grade: 1) }
}
