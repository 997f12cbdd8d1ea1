/// A shell-style pattern over device ids and models: `*` any run of characters, `?` one character, anything else
/// itself, compared without regard to ASCII case (`asic:*`, `gpu:GPU-12*`, `Antminer S19*`).
public struct DeviceGlob: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let bytes: [UInt8]

    public init(_ pattern: String) {
        self.pattern = pattern
        bytes = Array(pattern.utf8).map(Self.folded)
    }

    public var description: String { pattern }

    /// The text before the first `*` or `?`, ASCII letters in lower case (`folded`).
    var literalPrefix: Substring {
        let end = pattern.firstIndex { $0 == "*" || $0 == "?" } ?? pattern.endIndex
        return Substring(Self.folded(String(pattern[..<end])))
    }

    /// `text` with its ASCII letters in lower case, as patterns compare it.
    static func folded(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return text }
        return String(decoding: text.utf8.map(folded), as: UTF8.self)
    }

    /// Whether the whole of `text` matches the pattern.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }

    /// Iterative matching with one backtrack point per `*`: linear in practice, never exponential.
    private func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < bytes.count, bytes[p] == UInt8(ascii: "*") {
                starP = p
                starT = t
                p += 1
            } else if p < bytes.count, bytes[p] == UInt8(ascii: "?") || bytes[p] == Self.folded(text[t]) {
                p += 1
                t += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < bytes.count, bytes[p] == UInt8(ascii: "*") { p += 1 }
        return p == bytes.count
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
