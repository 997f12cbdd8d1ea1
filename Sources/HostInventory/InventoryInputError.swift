/// Bad input to the inventory (a PCI dump, a USB record, libpci's complaint about either), naming the file
/// and, where known, the line.
public struct InventoryInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number; nil when the problem is the whole file (unreadable, empty) or comes from libpci.
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`, the form compilers use.
    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}

/// Reads a whole text file, or says why not.
func readTextFile(_ path: String) throws(InventoryInputError) -> String {
    guard let file = fopen(path, "rb") else {
        throw InventoryInputError(file: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        bytes += chunk[0..<n]
        if n < chunk.count { break }
    }
    if ferror(file) != 0 { throw InventoryInputError(file: path, reason: "read error") }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw InventoryInputError(file: path, reason: "not UTF-8 text")
    }
    return text
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
