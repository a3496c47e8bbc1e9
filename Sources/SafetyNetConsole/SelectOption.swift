/// One option of a select, as the `option` partial renders it.
struct SelectOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}
