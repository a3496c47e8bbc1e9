import SafetyNetKernel
import Testing

@Suite("Resident ID numbers (GB 11643)")
struct ResidentIDNumberTests {
    @Test("the standard's example parses, with birth date and sex derived")
    func validNumber() throws {
        let number = try ResidentIDNumber("11010519491231002X")
        #expect(number.birthDate == CalendarDate(year: 1949, month: 12, day: 31))
        #expect(number.sex == .female)
        #expect(number.divisionCode == "110105")
    }

    @Test("every real past birth date is accepted, however early; a day that never was is refused")
    func earlyBirthDates() throws {
        let published = try ResidentIDNumber("440524188001010014")
        #expect(published.birthDate == CalendarDate(year: 1880, month: 1, day: 1))
        #expect(published.sex == .male)
        #expect(throws: ResidentIDNumber.ValidationError.birthDate("18990230")) {
            try ResidentIDNumber("110105" + "18990230" + "001" + "0")
        }
    }

    @Test("a lower-case x and surrounding spaces are normalized")
    func normalizes() throws {
        #expect(try ResidentIDNumber(" 11010519491231002x ").value == "11010519491231002X")
    }

    @Test("compose computes the check character and round-trips")
    func composeRoundTrips() throws {
        let birth = CalendarDate(year: 1990, month: 2, day: 28)!
        for order in [0, 1, 2, 357, 998, 999] {
            let number = try ResidentIDNumber.compose(divisionCode: "220202", birthDate: birth, order: order)
            #expect(try ResidentIDNumber(number.value) == number)
            #expect(number.sex == (order % 2 == 1 ? .male : .female))
            #expect(number.birthDate == birth)
        }
    }

    @Test("each kind of invalid number is refused with its own error")
    func invalidNumbers() {
        #expect(throws: ResidentIDNumber.ValidationError.length(17)) { try ResidentIDNumber("11010519491231002") }
        #expect(throws: ResidentIDNumber.ValidationError.length(19)) { try ResidentIDNumber("11010519491231002X1") }
        #expect(throws: ResidentIDNumber.ValidationError.characters) { try ResidentIDNumber("1101051949123100AX") }
        #expect(throws: ResidentIDNumber.ValidationError.characters) { try ResidentIDNumber("X10105194912310021") }
        #expect(throws: ResidentIDNumber.ValidationError.characters) { try ResidentIDNumber("１１０１０５１９４９１２３１００２X") }
        #expect(throws: ResidentIDNumber.ValidationError.checkCharacter(expected: "X", found: "1")) {
            try ResidentIDNumber("110105194912310021")
        }
        // February 30th, month 13, day 00.
        for text in ["110105194902300021", "110105194913010021", "110105194901000021"] {
            let digits = text.prefix(17).compactMap(\.wholeNumberValue)
            let fixed = String(text.prefix(17)) + String(ResidentIDNumber.checkCharacter(forDigits: digits))
            #expect(throws: ResidentIDNumber.ValidationError.birthDate(String(text.dropFirst(6).prefix(8)))) {
                try ResidentIDNumber(fixed)
            }
        }
    }

    @Test("a birth date after today is refused")
    func futureBirth() throws {
        let number = try ResidentIDNumber.compose(divisionCode: "220202", birthDate: CalendarDate(year: 2030, month: 1, day: 1)!, order: 11)
        #expect(throws: ResidentIDNumber.ValidationError.birthDate("20300101")) {
            try ResidentIDNumber(number.value, today: CalendarDate(year: 2026, month: 11, day: 23)!)
        }
    }
}
