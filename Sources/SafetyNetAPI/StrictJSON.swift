import Foundation
import Hummingbird
import SafetyNetKernel

/// Reads JSON request bodies strictly: malformed JSON is a 400, a wrong or missing field a 422
/// naming it, and a field the endpoint does not know or a value outside the document's limits a
/// 422 too (the body is checked against the same schema the document shows), so typos never
/// pass silently.
enum StrictJSON {
    /// The decoder of request bodies: instants as ``decodeInstant(_:)`` reads them.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(decodeInstant)
        return decoder
    }()

    private static let instantStyles = [
        Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon), Date.ISO8601FormatStyle(timeZoneSeparator: .colon, includingFractionalSeconds: true),
    ]

    /// An instant: ISO 8601 with a time zone (`Z` or `+08:00`), seconds fractions optional.
    static func decodeInstant(_ decoder: any Decoder) throws -> Date {
        if let date = instant(try decoder.singleValueContainer().decode(String.self)) { return date }
        throw FieldError(decoding: decoder, code: "invalid_date_time") {
            "\($0) is a date and time with its zone, e.g. 2026-12-01T09:30:00+08:00 or 2026-12-01T01:30:00Z"
        }
    }

    /// `text` as an instant, when it is one in a form ``decodeInstant(_:)`` takes.
    static func instant(_ text: String) -> Date? {
        instantStyles.lazy.compactMap { try? $0.parse(text) }.first
    }

    /// The encoder of answers: ISO 8601 times, sorted keys, slashes unescaped.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Decodes the request body as `T`.
    static func decode<T: Codable>(_ type: T.Type, from request: Request, context: SafetyNetRequestContext) async throws -> T {
        guard let value = try await decodeOptional(type, from: request, context: context) else {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is empty; send a JSON object")
        }
        return value
    }

    /// Decodes the request body as `T`, or nil when the body is empty.
    static func decodeOptional<T: Codable>(_ type: T.Type, from request: Request, context: SafetyNetRequestContext) async throws -> T? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError.bodyTooLarge(limit: context.maxUploadSize)
        }
        return buffer.readableBytes == 0 ? nil : try decode(type, from: Data(buffer: buffer))
    }

    /// Decodes `data` as `T`, refusing what the document does not allow.
    static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        let raw: Any
        do {
            raw = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
        try checkCharacters(raw, path: "")
        let value: T
        do {
            value = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        }
        // What the types take, the document's limits too; and no field the document does not name.
        // The decoded value is checked as well: with a key sent twice, JSONSerialization keeps the
        // last and JSONDecoder the first, and the limits must hold for what the route receives.
        if let problem = try BodySchemas.problem(in: raw, as: T.self) { throw problem }
        let received = try JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
        if let problem = try BodySchemas.problem(in: received, as: T.self) { throw problem }
        return value
    }

    /// Refuses control characters anywhere in the body, keys included; tab and newline may stand
    /// in any string here, and single-line fields refuse them where they are validated.
    private static func checkCharacters(_ raw: Any, path: String) throws {
        switch raw {
        case let text as String:
            try TextRule.checkCharacters(text, field: path, lines: .multiple)
        case let object as [String: Any]:
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                let child = FieldError.path(key, under: path)
                try TextRule.checkCharacters(key, field: child, lines: .single)
                try checkCharacters(value, path: child)
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() { try checkCharacters(element, path: "\(path)[\(index)]") }
        default: break
        }
    }

    private static func describe(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context, appending key: (any CodingKey)? = nil) -> String {
            FieldError.path(context.codingPath + (key.map { [$0] } ?? []))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context, appending: key)
            return APIError(.unprocessableContent, code: "missing_field", message: "\(field) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context)
            let subject = field.isEmpty ? "the body" : field
            return APIError(.unprocessableContent, code: "wrong_type", message: "\(subject) must be \(describe(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context)
            return APIError(.unprocessableContent, code: "missing_field", message: "\(field) must be \(describe(type)), not null", field: field)
        case .dataCorrupted(let context):
            // Only Foundation's own refusals arrive here (the kernel's types throw FieldError): say
            // what is accepted in plain words rather than quote the decoder.
            let field = path(context)
            let subject = field.isEmpty ? "the body" : field
            let message =
                switch context.debugDescription {
                case let text where text.contains("UUID"): "\(subject) is an id, written like 0F8FAD5B-D9CB-469F-A165-70867728950E"
                case let text where text.localizedCaseInsensitiveContains("number"): "\(subject) is a number out of range"
                default: "\(subject) holds a value this field does not take"
                }
            return APIError(.unprocessableContent, code: "invalid_value", message: message, field: field)
        @unknown default:
            return APIError(.unprocessableContent, code: "invalid_value", message: "the body does not match this request")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "an object or array"
        }
    }
}
