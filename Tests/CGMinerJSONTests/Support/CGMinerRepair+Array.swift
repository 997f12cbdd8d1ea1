@testable import CGMinerJSON

extension CGMinerRepair {
    /// `repair(_:)` on the bytes of an array.
    static func repair(_ bytes: [UInt8]) throws(CGMinerJSONError) -> Repaired {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CGMinerJSONError) in try repair(buffer) }
    }
}
