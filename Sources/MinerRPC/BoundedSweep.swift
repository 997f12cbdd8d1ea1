/// Runs one async job per input with at most `maxConcurrent` running at a time (a fleet sweep: thousands of miners,
/// each with its own deadline, without thousands of sockets open at once). Results come back in input order.
public enum BoundedSweep {
    public static func run<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], maxConcurrent: Int, _ job: @escaping @Sendable (Input) async -> Output
    ) async -> [Output] {
        guard !inputs.isEmpty else { return [] }
        let width = max(1, min(maxConcurrent, inputs.count))
        return await withTaskGroup(of: (Int, Output).self) { group in
            var results = [Output?](repeating: nil, count: inputs.count)
            var next = 0
            while next < width {
                let index = next
                group.addTask { (index, await job(inputs[index])) }
                next += 1
            }
            for await (index, output) in group {
                results[index] = output
                if next < inputs.count {
                    let index = next
                    group.addTask { (index, await job(inputs[index])) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}

extension CGMinerClient {
    /// Reads the same commands from many miners, at most `maxConcurrent` miners at a time (each miner may use one
    /// connection per command when it rejects joined requests). Duplicate addresses are read once. The width is
    /// also kept below the process's file descriptor limit; call `FileDescriptorLimit.raiseToHardLimit()` at start.
    ///
    /// The default, 64, reads fixture miners on loopback as fast as 512 does (the CPUs are the limit there) with a
    /// fraction of the memory: a read whose reply has arrived holds its bytes and decoded replies until its task runs
    /// again. Where miners answer slowly or not at all, each read in flight mostly waits (an unreachable miner holds
    /// its slot for the whole deadline), so a wider window pays off there.
    public func readMany(
        _ commands: [String], from addresses: [MinerAddress], maxConcurrent: Int = 64
    ) async
        -> [MinerAddress: CGMinerResults]
    {
        var seen = Set<MinerAddress>()
        let unique = addresses.filter { seen.insert($0).inserted }
        let width = FileDescriptorLimit.readsInFlight(upTo: maxConcurrent, socketsPerRead: Set(commands).count)
        let results = await BoundedSweep.run(unique, maxConcurrent: width) { address in
            await read(commands, from: address)
        }
        return Dictionary(uniqueKeysWithValues: zip(unique, results))
    }
}
