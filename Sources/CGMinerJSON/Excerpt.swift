/// Short, printable excerpts of raw reply bytes for error messages (control bytes and non-ASCII shown escaped).
enum Excerpt {
    /// Up to `radius` bytes either side of `position`.
    static func around(_ position: Int, in bytes: UnsafeBufferPointer<UInt8>, radius: Int = 24) -> String {
        let lower = max(0, min(position, bytes.count) - radius)
        let upper = min(bytes.count, position + radius)
        return text(UnsafeBufferPointer(rebasing: bytes[lower..<upper]), limit: 2 * radius)
    }

    /// The last `count` bytes.
    static func tail(of bytes: UnsafeBufferPointer<UInt8>, count: Int = 32) -> String {
        text(UnsafeBufferPointer(rebasing: bytes[max(0, bytes.count - count)...]), limit: count)
    }

    static func around(_ position: Int, in bytes: [UInt8], radius: Int = 24) -> String {
        bytes.withUnsafeBufferPointer { around(position, in: $0, radius: radius) }
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String {
        var s = ""
        for b in bytes.prefix(limit) { s += printable(b) }
        return bytes.count > limit ? s + "..." : s
    }

    static func printable(_ b: UInt8) -> String {
        switch b {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x20..<0x7F: return String(Unicode.Scalar(b))
        default: return "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
        }
    }

    /// One byte for a message: `'x'` or `'\x00'`.
    static func describe(_ b: UInt8) -> String {
        "'" + printable(b) + "'"
    }
}
