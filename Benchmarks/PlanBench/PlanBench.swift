import FleetCore

#if canImport(Glibc)
    import Glibc
#endif

/// plan-bench: allocation alone (`PowerAllocator.allocate`), pure, for a host of N devices.
///
///     plan-bench [--devices N] [--circuits C] [--runs R]
///
/// A SYNTHETIC site: 8 GPUs (firm, continuous) and N − 8 miners, a third continuous (Whatsminer-like), a third with
/// three discrete levels (Avalon-like), a third with no control path; C circuits (default 50) over the miners;
/// rules by kind, model and id glob; a budget that curtails about half the miners, so that every branch runs.
/// Prints one JSON line: the median, fastest and slowest wall time of R runs (default 51) and the median CPU time
/// of the thread, in milliseconds, with the machine's load average.
@main
enum PlanBench {
    static func main() {
        var options = ["--devices": 5000, "--circuits": 50, "--runs": 51]
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            guard options[flag] != nil, let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
                print("usage: plan-bench [--devices N] [--circuits C] [--runs R]")
                exit(2)
            }
            options[flag] = value
        }
        let (plan, inventory) = site(devices: options["--devices"]!, circuits: options["--circuits"]!)
        let time = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        var allocation: Allocation?
        for _ in 0..<options["--runs"]! {
            let start = now()
            let cpuStart = now(CLOCK_THREAD_CPUTIME_ID)
            allocation = PowerAllocator.allocate(plan: plan, inventory: inventory, at: time)
            cpuSeconds.append(now(CLOCK_THREAD_CPUTIME_ID) - cpuStart)
            seconds.append(now() - start)
        }
        seconds.sort()
        cpuSeconds.sort()
        let decisions = allocation?.decisions ?? []
        let slept = decisions.filter { $0.setting == .sleep }.count
        print(
            "{\"figure\":\"allocate\",\"devices\":\(decisions.count),\"circuits\":\(plan.circuits.count),"
                + "\"runs\":\(seconds.count),\"median_ms\":\(ms(seconds[seconds.count / 2])),"
                + "\"min_ms\":\(ms(seconds[0])),\"max_ms\":\(ms(seconds[seconds.count - 1])),"
                + "\"median_cpu_ms\":\(ms(cpuSeconds[cpuSeconds.count / 2])),\"load_1m\":\(loadAverage()),"
                + "\"slept\":\(slept),\"allocated_w\":\(Int(allocation?.allocatedW ?? 0)),\"budget_w\":\(Int(plan.budgetW))}"
        )
    }

    static func site(devices: Int, circuits: Int) -> (SitePlan, DeviceInventory) {
        var inventory: [InventoryDevice] = []
        for n in 0..<min(8, devices) {
            inventory.append(
                InventoryDevice(
                    id: .gpu(uuid: "GPU-\(n)"), model: "NVIDIA H100 80GB HBM3",
                    capability: DeviceCapability(
                        control: .continuous(minW: 200, maxW: 700), canSleep: false, family: "nvml"), drawW: 650))
        }
        let levels = [
            PowerStep(name: "level 0", watts: 2200), PowerStep(name: "level 1", watts: 2900),
            PowerStep(name: "level 2", watts: 3500),
        ]
        for n in 0..<max(0, devices - 8) {
            let control: PowerControl
            let model: String
            switch n % 3 {
            case 0: (control, model) = (.continuous(minW: 1500, maxW: 3600), "Whatsminer M30S")
            case 1: (control, model) = (.steps(levels), "AvalonMiner 1566")
            default: (control, model) = (.none(reason: "stock firmware"), "Antminer S9")
            }
            inventory.append(
                InventoryDevice(
                    id: .asic(endpoint: "10.\(n / 250).\(n % 250).\(n % 7):4028"), model: model,
                    capability: DeviceCapability(control: control, canSleep: true, family: "bench"), drawW: 1400))
        }
        // Circuits by the miners' second address byte (`asic:10.N.*`): a glob each.
        let plan = SitePlan(
            budgetW: Double(devices) * 1500,
            circuits: (0..<circuits).map {
                Circuit(name: "pdu-\($0)", breakerA: 400, volts: 415, devices: [DeviceGlob("asic:10.\($0).*")])
            },
            devices: [
                DeviceRule(kind: .gpu, loadClass: .firm, capW: 700, floorW: 400),
                DeviceRule(model: DeviceGlob("Whatsminer*"), loadClass: .flexible, capW: 3300, priority: 1),
                DeviceRule(match: DeviceGlob("asic:*"), loadClass: .flexible, priority: 2),
            ])
        return (plan, DeviceInventory(inventory))
    }

    /// The clock's seconds: wall (monotonic) by default, or this thread's CPU time.
    static func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The machine's 1-minute load average (the figures are wall time on a shared machine).
    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? NumberText.fixed(loads[0], decimals: 2) : "null"
    }

    static func ms(_ seconds: Double) -> String { NumberText.fixed(seconds * 1000, decimals: 3) }
}
