import Agent
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
            status (unreachable or error) and what went wrong while the others are read. An address that is not \
            HOST[:PORT], or a --miners-file that cannot be read, is refused before anything is read. Exits 0 whenever \
            it could run at all.
            """
    )

    @Option(
        name: .customLong("miner"),
        help: ArgumentHelp(
            "A miner's RPC address, HOST[:PORT] (port 4028 by default). Repeatable.", valueName: "host[:port]"))
    var miners: [String] = []

    @Option(
        name: .customLong("miners-file"),
        help: ArgumentHelp(
            "Also read the miners listed in this file, one HOST[:PORT] a line ('#' starts a comment), after the "
                + "--miner ones.",
            valueName: "file"))
    var minersFile: String?

    @Flag(help: "Print one JSON reading per line instead of a table.")
    var json = false

    @OptionGroup var gpus: GPUSourceOptions

    @Option(
        help: ArgumentHelp(
            "Deadline of each miner's whole read, in seconds: every connection, the per-command fallback and the "
                + "family's extra commands end by it."))
    var timeout: Double = 3

    @Option(
        name: .customLong("reply-memory"),
        help: ArgumentHelp(
            "MiB of reply bytes all reads may hold at once; a read past it waits for others to finish.",
            valueName: "MiB"))
    var replyMemory: Int = ReplyByteBudget.defaultBytes >> 20

    @Option(help: "The host name put in every reading.")
    var host: String = HostName.current()

    func validate() throws {
        _ = try MinerDeadline.duration(seconds: timeout)
        guard (1...65_536).contains(replyMemory) else {
            throw ValidationError("--reply-memory must be between 1 and 65536 MiB")
        }
        _ = try commandLineMiners()
    }

    /// The `--miner` addresses, in order (the values come folded: `RepeatedOption`); the first bad one is refused.
    private func commandLineMiners() throws(ValidationError) -> [MinerAddress] {
        do {
            return try RepeatedOption.unfolded(miners).map { text throws(MinerAddressError) in
                try MinerAddress(parsing: text)
            }
        } catch {
            throw ValidationError("--miner: \(error)")
        }
    }

    func run() async throws {
        // The whole list before anything is read: a bad line in the file stops the probe.
        var addresses = try commandLineMiners()
        if let minersFile { addresses += try MinersFile.load(minersFile) }
        AgentLogging.bootstrap()
        _ = FileDescriptorLimit.raiseToHardLimit()
        let client = CGMinerClient(
            timeout: try MinerDeadline.duration(seconds: timeout),
            replyBudget: ReplyByteBudget(bytes: replyMemory << 20))
        var readings = await MinerSweep(client: client, host: host).read(addresses)
        if !gpus.noGPU {
            let (gpuReadings, problems) = await GPUSweep.read(host: host, source: gpus.source)
            for problem in problems { printStderr("fleet-agent: \(problem)") }
            readings += gpuReadings
        }
        if json {
            for reading in readings { print(ReadingOutput.jsonLine(reading)) }
        } else {
            print(ReadingOutput.table(readings))
        }
    }
}
