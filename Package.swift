// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "fleet-agent",
    platforms: [.macOS(.v15)],
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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "FleetCore"),
        // The JSON that cgminer-API miners send: strict parse, repair pass, JSONValue. Depends on nothing.
        .target(name: "CGMinerJSON"),
        .target(
            name: "MinerRPC",
            dependencies: [
                "FleetCore", "CGMinerJSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Miners",
            dependencies: ["FleetCore", "CGMinerJSON", "MinerRPC", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Replay",
            dependencies: [
                "MinerRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
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
        // The durable ledger: the only code that touches the database.
        .target(
            name: "Ledger",
            dependencies: [
                "FleetCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "fleet-agent",
            dependencies: [
                "FleetCore", "MinerRPC", "Miners", "Replay", "NVML", "HostInventory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
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
        // Helpers every test target shares (where the package's fixtures are).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FleetCoreTests", dependencies: ["FleetCore"]),
        .testTarget(name: "CGMinerJSONTests", dependencies: ["TestSupport", "CGMinerJSON"]),
        .testTarget(
            name: "MinerRPCTests",
            dependencies: [
                "TestSupport", "CGMinerJSON", "MinerRPC", "FleetCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MinersTests", dependencies: ["TestSupport", "Miners", "MinerRPC", "Replay", "FleetCore"]),
        .testTarget(name: "ReplayTests", dependencies: ["TestSupport", "Replay", "MinerRPC"]),
        .testTarget(
            name: "NVMLTests", dependencies: ["TestSupport", "NVML", "FleetCore", "CNVML"], exclude: ["abi", "python"]),
        .testTarget(name: "HostInventoryTests", dependencies: ["TestSupport", "HostInventory", "NVML", "FleetCore"]),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "FleetCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "FleetAgentTests", dependencies: ["TestSupport", "Replay", "MinerRPC", "NVML"]),
    ],
    swiftLanguageModes: [.v6]
)
