/// Reading numbers and marks from UTF-8 bytes: department batches check millions of fields, and
/// the codes, days and amounts in them are ASCII digits, read without making Strings or arrays.
enum UTF8Digits {
    /// Bytes of a String or part of one, in place.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Whether `byte` is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// The number written by `digits`, ASCII digits only and at most 18 of them; nil otherwise.
    static func value(_ digits: Bytes) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Whether every byte of `bytes` is the digit zero.
    static func isZeros(_ bytes: Bytes) -> Bool { bytes.allSatisfy { $0 == UInt8(ascii: "0") } }

    /// Where `mark` (a character's UTF-8 bytes) first occurs in `bytes`.
    static func range(of mark: [UInt8], in bytes: Bytes) -> Range<Int>? {
        guard bytes.count >= mark.count else { return nil }
        for start in bytes.startIndex...(bytes.endIndex - mark.count) where bytes[start..<(start + mark.count)].elementsEqual(mark) {
            return start..<(start + mark.count)
        }
        return nil
    }

    /// Runs `body` over the UTF-8 bytes of `text`, in place when the text is stored contiguously.
    static func reading<R>(_ text: some StringProtocol, _ body: (Bytes) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable({ body($0[...]) }) { return result }
        var copy = String(text)
        return copy.withUTF8 { body($0[...]) }
    }
}
