import PersonalData
import SafetyNetKernel
import Testing

@Suite("Sealing, blind indexes and masking")
struct PersonalDataProtectorTests {
    let protector = PersonalDataProtector(keyring: try! PersonalDataKeyring(text: PersonalDataKeyring.generateText()))

    @Test("a sealed ID number opens to the same text and never holds it in clear")
    func sealAndOpen() throws {
        let number = try ResidentIDNumber("11010519491231002X")
        let protected = try protector.protect(number)
        #expect(try protector.open(protected.sealed, as: .idNumber) == number.value)
        #expect(!String(decoding: protected.sealed.combined, as: UTF8.self).contains("19491231"))
        #expect(protected.masked == "110105********002X")
        // Fresh nonce each time: the same number never seals to the same bytes.
        #expect(try protector.protect(number).sealed != protected.sealed)
    }

    @Test("blind indexes match equal values only, and differ by kind and by key")
    func blindIndex() throws {
        let a = protector.blindIndex("13800138000", as: .phone)
        #expect(a == protector.blindIndex("13800138000", as: .phone))
        #expect(a != protector.blindIndex("13800138001", as: .phone))
        #expect(a != protector.blindIndex("13800138000", as: .idNumber))
        let other = PersonalDataProtector(keyring: try PersonalDataKeyring(text: PersonalDataKeyring.generateText()))
        #expect(a != other.blindIndex("13800138000", as: .phone))
        #expect(a.count == 32)
    }

    @Test("a value sealed as one kind cannot be opened as another, nor after tampering")
    func tamperingFails() throws {
        let sealed = try protector.seal("13800138000", as: .phone)
        #expect(throws: (any Error).self) { try protector.open(sealed, as: .idNumber) }
        var bytes = sealed.combined
        bytes[14] ^= 1
        #expect(throws: (any Error).self) { try protector.open(SealedValue(keyID: sealed.keyID, combined: bytes), as: .phone) }
    }

    @Test("after rotation old values still open and new ones use the new key")
    func rotation() throws {
        let oldText = PersonalDataKeyring.generateText(keyID: "k1")
        let old = PersonalDataProtector(keyring: try PersonalDataKeyring(text: oldText))
        let sealedBefore = try old.seal("13912345678", as: .phone)
        let newKey = PersonalDataKeyring.generateText(keyID: "k2").split(separator: "\n").first { $0.hasPrefix("key.k2=") }!
        let rotated = oldText.replacingOccurrences(of: "current=k1", with: "current=k2") + newKey + "\n"
        let new = PersonalDataProtector(keyring: try PersonalDataKeyring(text: rotated))
        #expect(try new.open(sealedBefore, as: .phone) == "13912345678")
        #expect(try new.seal("13912345678", as: .phone).keyID == "k2")
        #expect(new.blindIndex("x", as: .phone) == old.blindIndex("x", as: .phone))
    }

    @Test("a malformed keyring says which line is wrong")
    func malformedKeyring() {
        #expect(throws: PersonalDataKeyring.KeyringError.malformed(line: 1, reason: "expected base64 of 32 random bytes")) {
            try PersonalDataKeyring(text: "index=c2hvcnQ=\nkey.k1=\ncurrent=k1")
        }
        #expect(throws: PersonalDataKeyring.KeyringError.missing("index")) { try PersonalDataKeyring(text: "current=k1") }
    }

    @Test("masks keep only what lists may show")
    func masks() {
        #expect(Masking.idNumber("220202199001011234") == "220202********1234")
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.name("张三") == "张*")
        #expect(Masking.name("欧阳娜娜") == "欧***")
        #expect(Masking.phone("123") == "***")
        // A phone number where an ID number belongs (an export's shifted column) shows nothing of
        // itself; an old 15-digit number neither: masking never leaves less than 8 hidden.
        #expect(Masking.idNumber("13812345678") == "***********")
        #expect(Masking.idNumber("220202900101123") == "***************")
        #expect(Masking.idNumber("22020219900101123X") == "220202********123X")
        #expect(Masking.phone("1381234567") == "**********")
    }
}
