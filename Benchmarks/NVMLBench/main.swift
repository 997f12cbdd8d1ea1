import FleetCore
import NVML

#if canImport(Glibc)
    import Glibc
#endif

/// nvml-bench: CPU cost of one GPU sample (every read `probe` makes) through an NVML library.
///
///     nvml-bench LIBRARY [SAMPLES] [WARMUP]
///
/// Loads LIBRARY (FakeNVML in the benchmark), takes WARMUP unmeasured samples, then SAMPLES measured ones of
/// every GPU, twice: raw samples (`sampleAll`) and schema readings (`readAll`, what the agent stores). Prints
/// one JSON line: process CPU microseconds per GPU per sample for both.
@main
enum NVMLBench {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, arguments.count <= 4 else {
            complain("usage: nvml-bench LIBRARY [SAMPLES] [WARMUP]\n")
            exit(2)
        }
        let samples = arguments.count > 2 ? Int(arguments[2]) ?? 0 : 2000
        let warmup = arguments.count > 3 ? Int(arguments[3]) ?? 0 : 200
        guard samples > 0, warmup >= 0 else {
            complain("nvml-bench: SAMPLES must be positive, WARMUP not negative\n")
            exit(2)
        }
        let nvml: NVMLLibrary
        let gpus: Int
        do throws(NVMLError) {
            nvml = try NVMLLibrary.load(path: arguments[1])
            gpus = try nvml.deviceCount()
        } catch {
            complain("nvml-bench: \(error)\n")
            exit(1)
        }
        guard gpus > 0 else {
            complain("nvml-bench: the library reports no GPU\n")
            exit(1)
        }
        var sink = 0
        for _ in 0..<warmup { sink &+= nvml.readAll(host: "bench", at: .now()).count }
        let rawStart = cpuMicroseconds()
        for _ in 0..<samples { sink &+= ((try? nvml.sampleAll()) ?? []).count }
        let raw = cpuMicroseconds() - rawStart
        let readingStart = cpuMicroseconds()
        for _ in 0..<samples { sink &+= nvml.readAll(host: "bench", at: .now()).count }
        let readings = cpuMicroseconds() - readingStart
        guard sink == (warmup + 2 * samples) * gpus else {
            complain("nvml-bench: a sample lost GPUs\n")
            exit(1)
        }
        let perRaw = raw / Double(samples * gpus)
        let perReading = readings / Double(samples * gpus)
        print(
            "{\"tool\":\"fleet-agent nvml-bench\",\"gpus\":\(gpus),\"samples\":\(samples),"
                + "\"cpu_us_per_gpu_sample\":\(rounded(perReading)),\"cpu_us_per_gpu_raw_sample\":\(rounded(perRaw))}")
    }

    static func complain(_ text: String) {
        var line = text
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// CPU time of this process (user + system), microseconds.
    static func cpuMicroseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
