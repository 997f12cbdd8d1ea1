// swift-tools-version: 6.1
import PackageDescription

// Linux only: the agent loads NVIDIA's libnvidia-ml.so.1 with dlopen, reads the PCI bus through libpci and sysfs,
// finds itself through /proc/self/exe, and is deployed as a systemd service on Debian. No other platform is built
// or tested.
let package = Package(
    name: "fleet-agent",
    products: [
        .executable(name: "fleet-agent", targets: ["fleet-agent"]),
        .library(name: "FakeNVML", type: .dynamic, targets: ["FakeNVML"]),
        .library(name: "FakeNVMLOld", type: .dynamic, targets: ["FakeNVMLOld"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // Only the OTLP/HTTP exporter: no gRPC stack is built.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .target(name: "FleetCore"),
        // YAML files read into checked values, every problem with its key path and line: the site plan.
        .target(name: "YAMLConfig", dependencies: ["FleetCore", .product(name: "Yams", package: "Yams")]),
        // The JSON that cgminer-API miners send: strict parse, repair pass, JSONValue. Depends on nothing.
        .target(name: "CGMinerJSON"),
        // Whatsminer API v2's privileged envelope: md5-crypt, the token, AES-256-ECB. Shared by the control and the
        // fixture miner that emulates it.
        .target(
            name: "WhatsminerCrypto",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MinerRPC",
            dependencies: [
                "FleetCore", "CGMinerJSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Firmware families: detection and normalization of readings, and each family's power controls (cgminer
        // privileged commands, Whatsminer's AES envelope, the Antminer web interface with digest auth, VNish REST).
        .target(
            name: "Miners",
            dependencies: [
                "FleetCore", "CGMinerJSON", "MinerRPC", "WhatsminerCrypto", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The control step: the plan in force, allocation → actuators → read back, the audit log, dry-run, safety.
        .target(
            name: "Control",
            dependencies: [
                "FleetCore", "Miners", "NVML", "Ledger", "YAMLConfig",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Replay",
            dependencies: [
                "MinerRPC", "CGMinerJSON", "WhatsminerCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "CNVML"),
        .target(name: "NVML", dependencies: ["FleetCore", "CNVML"]),
        .target(name: "FakeNVMLCore", dependencies: ["CNVML"]),
        .target(
            name: "FakeNVML",
            dependencies: ["FakeNVMLCore"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-soname=libnvidia-ml.so.1"])]
        ),
        .target(
            name: "FakeNVMLOld",
            dependencies: ["FakeNVMLCore"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-soname=libnvidia-ml.so.1"])]
        ),
        .systemLibrary(
            name: "CPCI", pkgConfig: "libpci",
            providers: [.apt(["libpci-dev"])]
        ),
        .systemLibrary(
            name: "CUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        .target(name: "CPCIShim", dependencies: ["CPCI"]),
        .target(name: "HostInventory", dependencies: ["FleetCore", "NVML", "CPCI", "CPCIShim", "CUSB"]),
        // The agent's logic, for the executable to start: sweeps of miners and GPUs, the demo site, blocking lanes.
        .target(
            name: "Agent",
            dependencies: [
                "FleetCore", "MinerRPC", "Miners", "Replay", "NVML", "HostInventory", "Ledger", "AgentServer", "Uplink",
                "YAMLConfig", "Control",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP API and the Prometheus exposition.
        .target(
            name: "AgentServer",
            dependencies: [
                "FleetCore", "Ledger",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The durable ledger: the only code that touches the database.
        .target(
            name: "Ledger",
            dependencies: [
                "FleetCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Upstream: the readings in batches to a receiver (at least once, idempotent by host and seq), metrics by OTLP.
        .target(
            name: "Uplink",
            dependencies: [
                "FleetCore", "Ledger",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "fleet-agent",
            dependencies: [
                "Agent", "AgentServer", "FleetCore", "MinerRPC", "Miners", "Replay", "NVML", "HostInventory", "Ledger",
                "Control",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "nvml-bench", dependencies: ["NVML", "FleetCore"], path: "Benchmarks/NVMLBench"
        ),
        .executableTarget(
            name: "fleet-bench",
            dependencies: [
                "FleetCore", "MinerRPC", "Miners", "Replay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/FleetBench"
        ),
        .executableTarget(name: "ledger-bench", dependencies: ["Ledger", "FleetCore"], path: "Benchmarks/LedgerBench"),
        .executableTarget(name: "plan-bench", dependencies: ["FleetCore"], path: "Benchmarks/PlanBench"),
        // From a budget change to every cap applied and read back: one host, 8 FakeNVML GPUs, 200 fixture miners.
        .executableTarget(
            name: "control-bench",
            dependencies: [
                "Agent", "Control", "FleetCore", "Ledger", "Miners", "MinerRPC", "NVML", "Replay",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ControlBench"
        ),
        // Helpers every test target shares (where the package's fixtures are).
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "Logging", package: "swift-log"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "FleetCoreTests", dependencies: ["FleetCore", "TestSupport"]),
        .testTarget(name: "YAMLConfigTests", dependencies: ["YAMLConfig", "FleetCore", "TestSupport"]),
        .testTarget(name: "CGMinerJSONTests", dependencies: ["TestSupport", "CGMinerJSON"]),
        .testTarget(
            name: "MinerRPCTests",
            dependencies: [
                "TestSupport", "MinerRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "MinersTests",
            dependencies: [
                "TestSupport", "Miners", "MinerRPC", "Replay", "FleetCore", "WhatsminerCrypto", "CGMinerJSON",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ControlTests",
            dependencies: [
                "TestSupport", "Control", "FleetCore", "Miners", "MinerRPC", "Replay", "NVML", "Ledger",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "ReplayTests",
            dependencies: [
                "TestSupport", "Replay", "MinerRPC", "CGMinerJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NVMLTests", dependencies: ["TestSupport", "NVML", "FleetCore", "CNVML"], exclude: ["abi", "python"]),
        .testTarget(name: "HostInventoryTests", dependencies: ["TestSupport", "HostInventory", "NVML", "FleetCore"]),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "TestSupport", "Agent", "FleetCore", "MinerRPC", "Replay", "NVML", "Ledger",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AgentServerTests",
            dependencies: [
                "AgentServer", "FleetCore", "Ledger", "TestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "FleetCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "UplinkTests",
            dependencies: [
                "Uplink", "Ledger", "FleetCore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "FleetAgentTests", dependencies: ["TestSupport", "Replay", "MinerRPC", "NVML", "Ledger", "FleetCore"],
            exclude: ["otlp"]),
    ],
    swiftLanguageModes: [.v6]
)
