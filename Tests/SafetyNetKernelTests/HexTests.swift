import SafetyNetKernel
import Testing

@Suite("Hexadecimal text")
struct HexTests {
    @Test("bytes are written as two lower-case digits each and read back from either case")
    func roundTrip() {
        let bytes: [UInt8] = [0x00, 0x0F, 0x10, 0x7F, 0xA5, 0xFF]
        #expect(Hex.encode(bytes) == "000f107fa5ff")
        #expect(Hex.decode("000f107fa5ff") == bytes && Hex.decode("000F107FA5FF") == bytes)
        #expect(Hex.encode([]) == "" && Hex.decode("") == [])
        var text: [UInt8] = Array("\\u00".utf8)
        Hex.append(0x1F, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "\\u001f")
    }

    @Test("text that spells no bytes is refused: an odd count of digits, or a character that is not one")
    func refusals() {
        for text in ["0", "abc", "0g", "0G", "g0", "0:", "0@", "/0", " 0", "0x00", "ａ0"] { #expect(Hex.decode(text) == nil, "\(text)") }
    }
}
