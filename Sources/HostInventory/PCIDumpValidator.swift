/// Checks an `lspci -x` dump against the rules of libpci's dump reader (pciutils `lib/dump.c`) before libpci
/// sees it, so that every problem names the file and the line:
/// - a line may hold at most 253 characters and must end with a newline;
/// - a device starts with `BB:DD.F `, `DDDD:BB:DD.F ` or `DDDDD:BB:DD.F ` (hex, then a space);
/// - inside a device, `OO: xx xx …` lines (2 to 8 hex offset digits) carry config bytes, offsets below 4096;
/// - an empty line ends the device; any other line (lspci's -v text) is ignored.
/// On top of libpci's rules: NVML's 8-digit domain (`00000000:17:00.0`), which libpci silently skips, a hex
/// line outside any device, and a dump without any device are errors too.
enum PCIDumpValidator {
    static func validate(path: String) throws(InventoryInputError) {
        let text = try readTextFile(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" {
            lines.removeLast()
        } else if !lines.isEmpty {
            throw InventoryInputError(file: path, line: lines.count, reason: "the last line has no newline")
        }
        var inDevice = false
        var devices = 0
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            func fail(_ reason: String) -> InventoryInputError {
                InventoryInputError(file: path, line: number, reason: reason)
            }
            guard raw.utf8.count + 1 <= 254 else { throw fail("line longer than 253 characters") }
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            let bytes = Array(line.utf8)
            if isDeviceHeader(bytes) {
                inDevice = true
                devices += 1
            } else if bytes.isEmpty {
                inDevice = false
            } else if let offset = hexLineOffset(bytes) {
                guard inDevice else {
                    throw fail("config bytes outside a device: no 'BB:DD.F' header line before them")
                }
                try checkHexBytes(bytes, offset: offset, fail: fail)
            } else if matches(bytes, "########:##:##.# ") {
                throw fail("8-digit PCI domain (NVML's form); libpci reads 'DDDD:BB:DD.F', e.g. 0000:17:00.0")
            }
        }
        if devices == 0 {
            throw InventoryInputError(
                file: path, reason: "no device: expected a header line such as '0000:17:00.0 VGA compatible controller'"
            )
        }
    }

    /// `#` = a hex digit; every other character must match; the line may go on after the pattern.
    private static func matches(_ line: [UInt8], _ pattern: String) -> Bool {
        let p = Array(pattern.utf8)
        guard line.count >= p.count else { return false }
        for (c, f) in zip(line, p) {
            if f == UInt8(ascii: "#") ? !isHex(c) : c != f { return false }
        }
        return true
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c)
    }

    private static func isDeviceHeader(_ line: [UInt8]) -> Bool {
        guard matches(line, "##:##.# ") || matches(line, "####:##:##.# ") || matches(line, "#####:##:##.# ")
        else { return false }
        // libpci reads the function with %d: it must be a decimal digit.
        guard let dot = line.firstIndex(of: UInt8(ascii: ".")) else { return false }
        return (48...57).contains(line[dot + 1])
    }

    /// The offset of an `OO: ` line (2 to 8 hex digits), else nil.
    private static func hexLineOffset(_ line: [UInt8]) -> Int? {
        for digits in 2...8 where matches(line, String(repeating: "#", count: digits) + ": ") {
            return Int(String(decoding: line[0..<digits], as: UTF8.self), radix: 16)
        }
        return nil
    }

    /// Bytes: two hex digits each, separated by single spaces; the line ends after a byte or a single space.
    private static func checkHexBytes(
        _ line: [UInt8], offset: Int, fail: (String) -> InventoryInputError
    ) throws(InventoryInputError) {
        var i = line.firstIndex(of: UInt8(ascii: " "))! + 1
        var position = offset
        while i + 1 < line.count, isHex(line[i]), isHex(line[i + 1]),
            i + 2 == line.count || line[i + 2] == UInt8(ascii: " ")
        {
            guard position < 4096 else { throw fail("config offset \(position) beyond 4096 bytes") }
            position += 1
            i += 2
            if i < line.count { i += 1 }
        }
        if i < line.count {
            let rest = String(decoding: line[i...], as: UTF8.self)
            throw fail("malformed config bytes at column \(i + 1): '\(rest.prefix(20))' (expected 'xx xx …')")
        }
    }
}
