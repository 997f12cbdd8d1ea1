import Foundation

@testable import CGMinerJSON

/// Foundation's `JSONSerialization`, a parser independent of the engine, as the reference its values are compared
/// with. Foundation's objects are read into a `JSONValue` (numbers as doubles; object equality ignores key order), so
/// a comparison is `==` on two values.
enum FoundationReference {
    /// What Foundation reads from `bytes`; nil when it rejects them.
    static func value(_ bytes: [UInt8]) -> JSONValue? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) else {
            return nil
        }
        return value(of: object)
    }

    /// What Foundation reads from `text`.
    static func value(_ text: String) -> JSONValue? {
        value(Array(text.utf8))
    }

    /// What Foundation reads from the strict JSON text the engine reads `input` as: the repair pass's output, which is
    /// `input` itself without the padding around it when nothing needed repair. Nil when either rejects it.
    static func valueOfRepairedText(_ input: [UInt8]) -> JSONValue? {
        (try? CGMinerRepair.repair(input)).flatMap { value($0.bytes) }
    }

    /// Foundation's object as a `JSONValue`; nil for anything `JSONSerialization` is not documented to give.
    private static func value(of object: Any) -> JSONValue? {
        switch object {
        case is NSNull:
            return .null
        case let string as String:
            return .string(string)
        case let decimal as NSDecimalNumber:
            // Long numbers come as decimals, whose `doubleValue` is not correctly rounded (off by an ulp at 17
            // digits); their exact text is, through the standard library.
            return Double(decimal.stringValue).map(JSONValue.number)
        case let number as NSNumber:
            // Foundation's booleans are NSNumbers of type `char` ("c"); it writes no other number as a char.
            return String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            let elements = array.compactMap(value(of:))
            return elements.count == array.count ? .array(elements) : nil
        case let object as [String: Any]:
            let members = object.compactMapValues(value(of:))
            return members.count == object.count ? .object(members) : nil
        default:
            return nil
        }
    }
}
