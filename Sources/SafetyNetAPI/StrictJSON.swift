import Foundation
import Hummingbird

/// Reads JSON request bodies strictly: malformed JSON is a 400, a wrong or missing field a 422
/// naming it, and a field the endpoint does not know a 422 too, so typos never pass silently.
enum StrictJSON {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
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
            throw APIError(.contentTooLarge, code: "body_too_large", message: "request bodies are at most \(context.maxUploadSize) bytes")
        }
        return buffer.readableBytes == 0 ? nil : try decode(type, from: Data(buffer: buffer))
    }

    static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        let raw: Any
        do {
            raw = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
        let value: T
        do {
            value = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        }
        // Fields the client sent (non-null) that the decoded value does not carry are unknown.
        let known = try JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
        if let unknown = unknownField(raw, known, path: "") {
            throw APIError(.unprocessableContent, code: "unknown_field", message: "\(unknown) is not a field of this request", field: unknown)
        }
        return value
    }

    private static func unknownField(_ raw: Any, _ known: Any, path: String) -> String? {
        switch (raw, known) {
        case (let raw as [String: Any], let known as [String: Any]):
            for (key, value) in raw.sorted(by: { $0.key < $1.key }) where !(value is NSNull) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = known[key] else { return child }
                if let found = unknownField(value, knownValue, path: child) { return found }
            }
        case (let raw as [Any], let known as [Any]):
            for (index, pair) in zip(raw, known).enumerated() {
                if let found = unknownField(pair.0, pair.1, path: "\(path)[\(index)]") { return found }
            }
        case (is [String: Any], _):
            return path.isEmpty ? nil : path
        default: break
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context, appending key: (any CodingKey)? = nil) -> String {
            (context.codingPath + (key.map { [$0] } ?? [])).reduce("") { path, key in
                if let index = key.intValue { return "\(path)[\(index)]" }
                return path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context, appending: key)
            return APIError(.unprocessableContent, code: "missing_field", message: "\(field) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context)
            return APIError(.unprocessableContent, code: "wrong_type", message: "\(field) must be \(describe(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context)
            return APIError(.unprocessableContent, code: "missing_field", message: "\(field) must be \(describe(type)), not null", field: field)
        case .dataCorrupted(let context):
            let field = path(context)
            return APIError(.unprocessableContent, code: "invalid_value", message: "\(field): \(context.debugDescription)", field: field)
        @unknown default:
            return APIError(.unprocessableContent, code: "invalid_value", message: "the body does not match this request")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "an object or array"
        }
    }
}
