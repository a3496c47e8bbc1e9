import Glibc

/// The character encodings a batch may come in.
public enum FeedEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8, with or without a byte order mark.
    case utf8 = "utf-8"
    /// GB 18030 (which includes GBK and GB 2312), what many Chinese government systems export.
    case gb18030
}

/// Why a batch's bytes are not text in the encoding it was sent with.
public struct FeedEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The encoding the bytes were read as.
    public let encoding: FeedEncoding
    /// The offset of the first byte that could not be read, counted from the start of the batch;
    /// nil when this system cannot convert the encoding at all.
    public let byteOffset: Int?

    public var description: String {
        guard let byteOffset else {
            return "this server's system has no \(encoding.rawValue) converter (glibc's gconv modules); send the batch as UTF-8"
        }
        return switch encoding {
        case .utf8:
            "the file is not valid UTF-8 at byte \(byteOffset); a GB18030 (GBK) export is read with encoding=gb18030"
        case .gb18030:
            "the file is not valid GB18030 at byte \(byteOffset); a UTF-8 file is read with encoding=utf-8"
        }
    }
}

/// Turns a batch's bytes, chunk by chunk as they arrive, into UTF-8 text: a character split
/// between two chunks waits for the next one, and a leading byte order mark is dropped.
/// Memory holds one chunk at a time, whatever the size of the batch.
public struct FeedTextDecoder {
    private let encoding: FeedEncoding
    private let converter: GB18030Converter?
    /// Bytes of a character cut off at the end of the last chunk.
    private var pending: [UInt8] = []
    /// Bytes read so far, for the offset of an error.
    private var consumed = 0
    private var atStart = true

    /// A decoder for text in `encoding`; throws when the system cannot convert it.
    public init(encoding: FeedEncoding) throws(FeedEncodingError) {
        self.encoding = encoding
        guard encoding == .gb18030 else {
            self.converter = nil
            return
        }
        guard let converter = GB18030Converter() else { throw FeedEncodingError(encoding: encoding, byteOffset: nil) }
        self.converter = converter
    }

    /// The UTF-8 text of `chunk` up to its last complete character.
    public mutating func decode(_ chunk: some Collection<UInt8>) throws(FeedEncodingError) -> [UInt8] {
        var input = pending
        input.append(contentsOf: chunk)
        let start = consumed - pending.count
        let (text, used) = try convert(input, startingAt: start)
        pending = Array(input[used...])
        consumed = start + input.count
        return dropByteOrderMark(text)
    }

    /// Ends the batch: a character left incomplete is an error.
    public mutating func finish() throws(FeedEncodingError) {
        guard pending.isEmpty else { throw FeedEncodingError(encoding: encoding, byteOffset: consumed - pending.count) }
    }

    /// Converted text and how many input bytes it used; what is left is an incomplete character.
    private func convert(_ input: [UInt8], startingAt start: Int) throws(FeedEncodingError) -> ([UInt8], Int) {
        if let converter {
            do { return try converter.convert(input) } catch { throw FeedEncodingError(encoding: encoding, byteOffset: start + error.offset) }
        }
        let complete = UTF8Boundary.completePrefix(of: input)
        let text = input[..<complete]
        if let invalid = UTF8Boundary.firstInvalidByte(in: text) { throw FeedEncodingError(encoding: encoding, byteOffset: start + invalid) }
        return (Array(text), complete)
    }

    private mutating func dropByteOrderMark(_ text: [UInt8]) -> [UInt8] {
        guard atStart, !text.isEmpty else { return text }
        atStart = false
        return text.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(text.dropFirst(3)) : text
    }
}

/// Where UTF-8 text may be cut, and where it is broken.
enum UTF8Boundary {
    /// The length of the longest prefix that does not end inside a character.
    static func completePrefix(of bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var index = bytes.count
        // A character is at most 4 bytes: look back for the lead byte of the last one.
        for back in 1...min(4, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }  // a continuation byte
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            if length > back { index = bytes.count - back }
            break
        }
        return index
    }

    /// The offset of the first byte that breaks UTF-8, or nil when the text is valid.
    static func firstInvalidByte(in bytes: ArraySlice<UInt8>) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

extension FeedEncoding {
    /// `text` written in this encoding, as a department's export would be (sample batches, tests);
    /// nil when the system has no converter.
    public func bytes(of text: String) -> [UInt8]? {
        switch self {
        case .utf8: return Array(text.utf8)
        case .gb18030:
            let utf8 = Array(text.utf8)
            guard let converter = GB18030Converter(from: "UTF-8", to: "GB18030"), let (bytes, used) = try? converter.convert(utf8),
                used == utf8.count
            else { return nil }
            return bytes
        }
    }
}

/// GB 18030 to UTF-8 (or back) through glibc's iconv, which knows the whole standard.
final class GB18030Converter {
    struct Failure: Error { let offset: Int }

    private let handle: iconv_t

    /// Nil when glibc's iconv has no GB18030 converter (its gconv modules are not installed).
    init?(from source: String = "GB18030", to target: String = "UTF-8") {
        let handle = iconv_open(target, source)
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// The UTF-8 text of `input` up to its last complete character, and the bytes it used.
    func convert(_ input: [UInt8]) throws(Failure) -> ([UInt8], Int) {
        // At most 4 UTF-8 bytes per 2 GB18030 bytes, and at most as many GB18030 bytes as UTF-8 ones.
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failure: Int32 = 0
        let (used, written) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer = UnsafeMutablePointer(mutating: source.baseAddress).map {
                    UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
                }
                var inLeft = source.count
                var outPointer = target.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = target.count
                if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = errno }
                return (source.count - inLeft, target.count - outLeft)
            }
        }
        // EINVAL: the input ends inside a character, which the next chunk completes.
        if failure != 0 && failure != EINVAL { throw Failure(offset: used) }
        return (Array(output[..<written]), used)
    }
}
