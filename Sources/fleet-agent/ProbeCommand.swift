import ArgumentParser
import FleetCore
import MinerRPC
import Miners

/// `fleet-agent probe`: read the given miners (and this host's GPUs) once and print what they report.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Read miners (and GPUs) once and print one reading per device.",
        discussion: """
            Every miner is read concurrently, each with its own deadline; a miner that fails is shown with its \
            status (unreachable or error) and what went wrong while the others are read. Exits 0 whenever it could \
            run at all.
            """
    )

    @Option(name: .customLong("miner"), help: "A miner's RPC address, HOST[:PORT] (port 4028 by default). Repeatable.")
    var miners: [String] = []

    @Flag(help: "Print one JSON reading per line instead of a table.")
    var json = false

    @OptionGroup var gpus: GPUSourceOptions

    @Option(help: "Deadline per miner request, in seconds (connect + read).")
    var timeout: Double = 3

    @Option(help: "The host name put in every reading.")
    var host: String = HostName.current()

    func validate() throws {
        _ = try MinerDeadline.duration(seconds: timeout)
    }

    func run() async throws {
        AgentLogging.bootstrap()
        _ = FileDescriptorLimit.raiseToHardLimit()
        let client = CGMinerClient(timeout: try MinerDeadline.duration(seconds: timeout))
        var readings = await MinerProbe(client: client, host: host).read(miners)
        if !gpus.noGPU {
            readings += GPUProbe.read(host: host, gpus: gpus)
        }
        if json {
            for reading in readings { print(ReadingOutput.jsonLine(reading)) }
        } else {
            print(ReadingOutput.table(readings))
        }
    }
}

/// Reads many miners concurrently and returns their readings in the order given. One reader serves every call, so
/// repeated reads (the demo's cycles) keep each miner's detected family instead of detecting it again.
struct MinerProbe {
    let host: String
    private let reader: MinerReader

    init(client: CGMinerClient, host: String) {
        self.host = host
        self.reader = MinerReader(client: client, host: host)
    }

    func read(_ addresses: [String]) async -> [Reading] {
        let reader = self.reader
        let parsed: [Result<MinerAddress, MinerAddressError>] = addresses.map { text in
            Result { () throws(MinerAddressError) in try MinerAddress(parsing: text) }
        }
        let valid = parsed.compactMap { try? $0.get() }
        // Wide: a dead miner holds its slot for the whole deadline. Sockets are counted by the client's permits
        // (from the open-file limit), so a big sweep never fails miners for want of one; half as many reads as
        // permits leaves room for reads that ask several commands at once.
        let width = max(1, reader.client.sockets.count / 2)
        let byAddress = await BoundedSweep.run(valid, maxConcurrent: width) { await reader.read($0) }
        var next = byAddress.makeIterator()
        return zip(addresses, parsed).map { text, result in
            switch result {
            case .success: return next.next() ?? Reading(time: .now(), host: host, device: "asic:\(text)", kind: .asic,
                address: text, status: .error, error: "not read")
            case .failure(let error):
                return Reading(
                    time: .now(), host: host, device: "asic:\(text)", kind: .asic, address: text, status: .error,
                    error: error.description)
            }
        }
    }
}
