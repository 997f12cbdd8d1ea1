// Compile-time stand-ins until MinerRPC and Miners land; deleted then.
import FleetCore
import MinerRPC

enum BoundedSweep {
    static func run<Item: Sendable, Output: Sendable>(
        _ items: [Item], maxConcurrent: Int, _ body: @escaping @Sendable (Item) async -> Output
    ) async -> [Output] {
        var out: [Output] = []
        for item in items { out.append(await body(item)) }
        return out
    }
}

enum FileDescriptorLimit {
    static func raiseToHardLimit() {}
}

struct MinerReader: Sendable {
    init(client: CGMinerClient, host: String) {}
    func read(_ a: MinerAddress) async -> Reading {
        Reading(time: .now(), host: "", device: "", kind: .asic, address: a.original)
    }
}
