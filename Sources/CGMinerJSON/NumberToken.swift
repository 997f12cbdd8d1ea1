/// Checks a number token against JSON's grammar and normalises the spellings miners use outside it.
enum NumberToken {
    enum Verdict: Equatable {
        /// Already strict JSON.
        case strict
        /// Rewritten to strict JSON (`+1` -> `1`, `007` -> `7`, `.5` -> `0.5`, `5.` -> `5`).
        case normalised([UInt8])
        /// Not a number (`-`, `1.2.3`, `1e`, `1-2`).
        case invalid
        /// Beyond the range of a double (`1e999`): as unknown as `inf`.
        case overflow
    }

    static func check(_ token: UnsafeBufferPointer<UInt8>) -> Verdict {
        guard let parts = Parts(token) else { return .invalid }
        if parts.exponent != nil {
            let value = Double(String(decoding: token, as: UTF8.self))
            if value?.isFinite != true { return .overflow }
        }
        return parts.isStrict ? .strict : .normalised(parts.normalised(token))
    }

    /// The ranges of one number token: `[sign] int [. frac] [e [sign] exp]`.
    private struct Parts {
        var negative = false
        var plusSign = false
        var int: Range<Int> = 0..<0
        var dot = false
        var frac: Range<Int> = 0..<0
        var exponent: Range<Int>? = nil
        var leadingZero = false

        init?(_ t: UnsafeBufferPointer<UInt8>) {
            var i = 0
            if i < t.count, t[i] == UInt8(ascii: "-") || t[i] == UInt8(ascii: "+") {
                negative = t[i] == UInt8(ascii: "-")
                plusSign = !negative
                i += 1
            }
            int = Self.digits(t, &i)
            leadingZero = int.count > 1 && t[int.lowerBound] == UInt8(ascii: "0")
            if i < t.count, t[i] == UInt8(ascii: ".") {
                dot = true
                i += 1
                frac = Self.digits(t, &i)
            }
            guard !int.isEmpty || !frac.isEmpty else { return nil }
            if i < t.count, t[i] | 0x20 == UInt8(ascii: "e") {
                let start = i
                i += 1
                if i < t.count, t[i] == UInt8(ascii: "-") || t[i] == UInt8(ascii: "+") { i += 1 }
                guard !Self.digits(t, &i).isEmpty else { return nil }
                exponent = start..<i
            }
            guard i == t.count else { return nil }
        }

        private static func digits(_ t: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Range<Int> {
            let start = i
            while i < t.count, t[i] >= UInt8(ascii: "0"), t[i] <= UInt8(ascii: "9") { i += 1 }
            return start..<i
        }

        /// Strict unless: `+` sign, leading zero before more digits, empty integer part, dot without digits.
        var isStrict: Bool {
            !plusSign && !int.isEmpty && !leadingZero && !(dot && frac.isEmpty)
        }

        func normalised(_ t: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            var out: [UInt8] = []
            if negative { out.append(UInt8(ascii: "-")) }
            var intDigits = UnsafeBufferPointer(rebasing: t[int])[...]
            while intDigits.count > 1, intDigits.first == UInt8(ascii: "0") { intDigits = intDigits.dropFirst() }
            if intDigits.isEmpty { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: intDigits) }
            if !frac.isEmpty {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: t[frac]))
            }
            if let exponent { out.append(contentsOf: UnsafeBufferPointer(rebasing: t[exponent])) }
            return out
        }
    }
}
