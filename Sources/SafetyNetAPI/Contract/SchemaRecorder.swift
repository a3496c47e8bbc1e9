import Foundation
import SafetyNetKernel
import Synchronization

/// A type whose decoding checks its text (region codes, days, module ids) and so cannot be
/// recorded by decoding it from nothing: it states its schema and a valid sample itself.
protocol WireDescribed: Decodable {
    /// The type's schema on the wire.
    static var wireSchema: JSONSchema { get }
    /// Any valid value, handed to the types that hold one while they are recorded.
    static func wireSample() throws -> Self
}

/// A type shown in the document under another name than its Swift one.
protocol WireNamed {
    /// The schema's name in the document.
    static var wireName: String { get }
}

/// What a body type adds to the schema its fields give: bounds, lengths, descriptions.
protocol WireConstrained {
    /// Rules by field name.
    static var fieldRules: [String: [FieldRule]] { get }
}

/// Writes the wire schema of `Decodable` types by decoding them from a recorder: every key a type
/// asks for becomes a property, one asked for with `decodeIfPresent` an optional one, and the
/// Swift type of each value its schema. Structs become named schemas, so the document shows each
/// once; closed sets of words (`CaseIterable` enums) list their words.
///
/// One caller at a time: the document is built on one task, and ``BodySchemas`` keeps its
/// recorder behind a lock.
final class SchemaRecorder: @unchecked Sendable {
    /// The named schemas recorded so far.
    private(set) var components: [String: JSONSchema] = [:]
    private var names: [ObjectIdentifier: String] = [:]
    private var recording: Set<ObjectIdentifier> = []
    private var recorded: [ObjectIdentifier: JSONSchema] = [:]
    /// The type being recorded, for errors.
    fileprivate var current = ""

    /// Why a type cannot be recorded: it validates what it decodes and does not describe itself.
    struct Unrecordable: Error, CustomStringConvertible {
        let type: String
        let reason: String
        var description: String { "\(type) cannot be recorded (\(reason)); make it WireDescribed" }
    }

    /// The schema of `type`: a reference for a struct, inline for the rest.
    func schema(of type: any Decodable.Type) throws -> JSONSchema {
        if let known = recorded[ObjectIdentifier(type)] { return known }
        let schema = try record(type).schema
        recorded[ObjectIdentifier(type)] = schema
        return schema
    }

    /// The schema of `type` and a value of it, when one could be built (not for a type being recorded).
    func record<T: Decodable>(_ type: T.Type) throws -> (schema: JSONSchema, sample: T?) {
        if let described = type as? any WireDescribed.Type { return (described.wireSchema, try described.wireSample() as? T) }
        if let primitive = Self.primitive(type) { return (primitive.schema, primitive.sample as? T) }
        if let list = type as? any WireList.Type { return (.array(of: try schema(of: list.elementType)), list.empty as? T) }
        if let map = type as? any WireMap.Type { return (.map(of: try schema(of: map.valueType)), map.empty as? T) }
        if let words = type as? any CaseIterable.Type, let named = Self.words(words) {
            return (register(type, .oneOf(named.values)), named.first as? T)
        }
        let id = ObjectIdentifier(type)
        if recording.contains(id) { return (.named(name(of: type)), nil) }
        recording.insert(id)
        let outer = current
        current = String(reflecting: type)
        defer {
            recording.remove(id)
            current = outer
        }
        let decoder = RecordingDecoder(recorder: self)
        let sample: T
        do {
            sample = try T(from: decoder)
        } catch let error as Unrecordable {
            throw error
        } catch {
            throw Unrecordable(type: String(reflecting: type), reason: "its decoding refused an empty value: \(error)")
        }
        let rules = (type as? any WireConstrained.Type)?.fieldRules ?? [:]
        let properties = try decoder.fields.properties.map { property in
            try rules[property.name].map { try property.refined(by: $0) } ?? property
        }
        if let stray = Set(rules.keys).subtracting(properties.map(\.name)).first {
            throw Unrecordable(type: String(reflecting: type), reason: "a rule names \(stray), which is no field of it")
        }
        return (register(type, .object(properties: properties)), sample)
    }

    private func register(_ type: Any.Type, _ schema: JSONSchema) -> JSONSchema {
        let name = name(of: type)
        components[name] = schema
        return .named(name)
    }

    /// The component name: the type's name with the types it is nested in (`NewCase.Item` is
    /// `NewCaseItem`) but without module or controller, and `Page<X>` as `XPage`; when two types
    /// share a name, the later keeps its controller's (`ReferralNote`).
    private func name(of type: Any.Type) -> String {
        if let known = names[ObjectIdentifier(type)] { return known }
        let name: String
        if let named = type as? any WireNamed.Type {
            name = named.wireName
        } else if let generic = String(describing: type).split(separator: "<", maxSplits: 1).last, generic.hasSuffix(">") {
            name = generic.dropLast().filter { $0.isLetter || $0.isNumber } + String(describing: type).prefix { $0 != "<" }
        } else {
            let parts = String(reflecting: type).split(separator: ".").dropFirst()
            let plain = parts.filter { !$0.hasSuffix("Controller") }.joined()
            name = names.values.contains(plain) ? parts.map { $0.replacingOccurrences(of: "Controller", with: "") }.joined() : plain
        }
        // Never two types under one name: a later one that still collides is numbered.
        let taken = Set(names.values)
        let unique = taken.contains(name) ? (2...).lazy.map { "\(name)\($0)" }.first { !taken.contains($0) } ?? name : name
        names[ObjectIdentifier(type)] = unique
        return unique
    }

    private static func primitive(_ type: Any.Type) -> (schema: JSONSchema, sample: Any)? {
        switch type {
        case is String.Type: (.text, "")
        case is Int.Type: (.integer(), 0)
        case is Int64.Type: (.integer(), Int64(0))
        case is Int32.Type: (.integer(), Int32(0))
        case is Double.Type: (.number, 0.0)
        case is Bool.Type: (.boolean, false)
        case is UUID.Type: (.formatted("uuid"), UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        case is Date.Type: (.formatted("date-time"), Date(timeIntervalSince1970: 0))
        default: nil
        }
    }

    private static func words<E: CaseIterable>(_ type: E.Type) -> (values: [String], first: Any?)? {
        let values = type.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        guard !values.isEmpty else { return nil }
        return (values, type.allCases.first)
    }
}

/// Arrays, recorded by their element's schema.
private protocol WireList {
    static var elementType: any Decodable.Type { get }
    static var empty: Self { get }
}

extension Array: WireList where Element: Decodable {
    static var elementType: any Decodable.Type { Element.self }
    static var empty: Self { [] }
}

/// Dictionaries keyed by text, recorded by their value's schema.
private protocol WireMap {
    static var valueType: any Decodable.Type { get }
    static var empty: Self { get }
}

extension Dictionary: WireMap where Key == String, Value: Decodable {
    static var valueType: any Decodable.Type { Value.self }
    static var empty: Self { [:] }
}

/// The properties one type asked for, in order.
final class RecordedFields {
    private(set) var properties: [JSONSchema.Property] = []
    private var optional: Set<String> = []

    /// `decodeIfPresent` asks whether a key is null before decoding it: such a key is optional.
    func markOptional(_ key: String) { optional.insert(key) }

    /// Records `key` once, required unless it was asked for as optional.
    func add(_ key: String, _ schema: JSONSchema) {
        guard !properties.contains(where: { $0.name == key }) else { return }
        properties.append(.init(name: key, schema: schema, isRequired: !optional.contains(key)))
    }
}

/// The decoder a type is recorded through.
private struct RecordingDecoder: Decoder {
    let recorder: SchemaRecorder
    let fields = RecordedFields()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RecordingKeyedContainer(recorder: recorder, fields: fields))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaRecorder.Unrecordable(type: recorder.current, reason: "it decodes a list by hand")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw SchemaRecorder.Unrecordable(type: recorder.current, reason: "it decodes a single value by hand")
    }
}

/// Answers every key with a sample value and records what was asked for.
private struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    let fields: RecordedFields
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        fields.markOptional(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try recorded(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try recorded(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try recorded(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try recorded(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try recorded(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try recorded(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try recorded(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try recorded(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try recorded(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try recorded(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try recorded(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try recorded(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try recorded(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try recorded(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try recorded(type, key) }

    private func recorded<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        let (schema, sample) = try recorder.record(type)
        fields.add(key.stringValue, schema)
        guard let sample else { throw SchemaRecorder.Unrecordable(type: String(reflecting: type), reason: "holds itself directly") }
        return sample
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaRecorder.Unrecordable(type: key.stringValue, reason: "a nested container")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw SchemaRecorder.Unrecordable(type: key.stringValue, reason: "a nested list")
    }

    func superDecoder() throws -> any Decoder { throw SchemaRecorder.Unrecordable(type: "super", reason: "a super decoder") }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw SchemaRecorder.Unrecordable(type: key.stringValue, reason: "a super decoder") }
}

/// The schemas of request bodies, recorded once per type, to check bodies against what the
/// document says of them.
enum BodySchemas {
    private static let recorder = Mutex(SchemaRecorder())

    /// The first way `raw` (a parsed body) breaks the schema of `type`, nil when it conforms.
    static func problem(in raw: Any, as type: any Decodable.Type) throws -> FieldError? {
        let (schema, components) = try recorder.withLock { recorder in (try recorder.schema(of: type), recorder.components) }
        return schema.problem(in: raw, components: components)
    }
}
