extension PowerAllocator {
    /// The factor (0 to 1) by which the firm devices of each group are raised from floor to allowance: index 0 for
    /// the devices on no circuit, `c + 1` for circuit `c`. A circuit's factor is the most it can carry; the budget
    /// then caps every group at one common factor, found by bisection (the sum is monotone in it).
    static func firmFactors(_ bounds: [DeviceBounds], left: Double, circuitLeft: [Double]) -> [Double] {
        var spans = [Double](repeating: 0, count: circuitLeft.count + 1)
        for b in bounds where b.isFirm {
            if case .fixed = b.range { continue }
            spans[b.circuit.map { $0 + 1 } ?? 0] += b.highW - b.lowW
        }
        var limits = [Double](repeating: 1, count: spans.count)
        for c in circuitLeft.indices where spans[c + 1] > 0 {
            limits[c + 1] = min(1, circuitLeft[c] / spans[c + 1])
        }
        func total(_ factor: Double) -> Double {
            spans.indices.reduce(0) { $0 + min(factor, limits[$1]) * spans[$1] }
        }
        guard total(1) > left else { return limits }
        var low = 0.0
        var high = 1.0
        for _ in 0..<64 {
            let middle = (low + high) / 2
            if total(middle) <= left { low = middle } else { high = middle }
        }
        return limits.map { min($0, low) }
    }
}
