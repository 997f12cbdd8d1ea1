import FleetCore
import MinerRPC

/// What one poll cycle reads: every configured miner (each with its own whole-read deadline, shorter than the
/// interval) and every GPU, concurrently. The miner sweep is kept across cycles, so families and join refusals
/// are remembered; NVML stays loaded.
public final class PollCycle: Sendable {
    public let host: String
    private let addresses: [MinerAddress]
    public let sweep: MinerSweep
    public let gpus: GPUReader?
    private let clashes = MinerIdentityClashes()
    /// Miner addresses configured more than once (each is read once), for the log.
    private let repeated: [String]

    /// Reads `addresses` (an address given twice, however written, is read once) and `gpus`.
    public init(host: String, addresses: [MinerAddress], sweep: MinerSweep, gpus: GPUReader?) {
        self.host = host
        var endpoints = Set<String>()
        var unique: [MinerAddress] = []
        var repeated: [String] = []
        for address in addresses {
            if endpoints.insert(MinerAddress(host: address.host, port: address.port).original).inserted {
                unique.append(address)
            } else {
                repeated.append(address.original)
            }
        }
        self.addresses = unique
        self.repeated = repeated
        self.sweep = sweep
        self.gpus = gpus
    }

    /// The cycle for `config`: its miners, and its GPUs when `gpus` is on.
    public static func start(config: AgentConfig) async -> PollCycle {
        let client = CGMinerClient(
            timeout: config.minerTimeout, replyBudget: ReplyByteBudget(bytes: config.replyMemoryMiB << 20))
        let gpus: GPUReader? =
            config.gpus
            ? await GPUReader.start(source: GPUSource(nvmlLibrary: config.nvmlLibrary, pciDump: config.pciDump))
            : nil
        return PollCycle(
            host: config.host, addresses: config.miners.map(\.address),
            sweep: MinerSweep(client: client, host: config.host), gpus: gpus)
    }

    /// What stopped part of the GPU reading at start, and miners configured twice, for the log.
    public var problems: [String] {
        (gpus?.problems ?? [])
            + repeated.map { "miner \(VisibleText.escaping($0)) is configured more than once; it is read once" }
    }

    /// Miners and GPUs read at once; miners first in the result, in configured order.
    public func read() async -> [Reading] {
        async let miners = sweep.read(addresses)
        let gpuReadings = await gpus?.read(host: host) ?? []
        return clashes.resolve(await miners, addresses: addresses) + gpuReadings
    }
}
