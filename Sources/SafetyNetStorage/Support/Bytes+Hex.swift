import Foundation

extension Array where Element == UInt8 {
    /// The bytes as lower-case hexadecimal, two digits each.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
