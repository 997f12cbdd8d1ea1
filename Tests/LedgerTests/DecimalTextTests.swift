import Testing

@testable import Ledger

/// `DecimalText` writes what `Double.description` writes, for every shape of number it takes a shortcut for and for
/// the ones it hands to the standard library.
@Suite("decimal text")
struct DecimalTextTests {
    static func text(_ value: Double) -> String {
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: DecimalText.maxLength)
        defer { memory.deallocate() }
        let end = DecimalText.write(value, at: memory)
        return String(decoding: UnsafeBufferPointer(start: memory, count: end - memory), as: UTF8.self)
    }

    @Test(
        "numbers the energy table holds",
        arguments: [
            0.0, -0.0, 1, 10, 3250, 2_925_000, 0.5, 0.05, 0.001, 0.0001, 0.00001, 1e-7, 1200.5, 2_936_261.1,
            3262.512333333333, 7.222222222222222, 0.1 + 0.2, 999_999_999_999_999, 1e15, 1e15 + 0.5,
            9_007_199_254_740_992,
            1e16, 1.7976931348623157e308, Double.leastNonzeroMagnitude, -1, -3250.25, -2.2250738585072014e-308,
        ])
    func matchesDescription(value: Double) {
        #expect(Self.text(value) == value.description)
    }

    @Test("whole numbers and numbers with a few decimals, drawn at random")
    func randomShortNumbers() {
        var random = Numbers(seed: 42)
        for _ in 0..<200_000 {
            let digits = random.next() % (random.next() % 2 == 0 ? 10_000_000 : 1_000_000_000_000_000)
            let value = Double(digits) / [1.0, 10, 100, 1000, 10_000, 100_000][Int(random.next() % 6)]
            #expect(Self.text(value) == value.description, "\(value)")
        }
    }

    @Test("any double, drawn at random from its bits")
    func randomBits() {
        var random = Numbers(seed: 7)
        for _ in 0..<200_000 {
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { continue }
            #expect(Self.text(value) == value.description, "\(value)")
        }
    }
}

/// Numbers drawn the same way every run (Knuth's MMIX linear congruential generator, its high bits mixed down).
private struct Numbers {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}
