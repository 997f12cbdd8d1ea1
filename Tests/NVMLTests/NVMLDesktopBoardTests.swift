import NVML
import Testing

/// GeForce desktop boards of mining rigs on current drivers (595, 610), from their recorded captures: every value
/// below is the capture's, as `nvidia-smi --query-gpu` printed it.
@Suite struct NVMLDesktopBoardTests {
    struct Board: Sendable, CustomStringConvertible {
        var fixture, name, driver, bus: String
        var powerW, limitW, minW, maxW, fanPct, tempC: Double
        var pstate: Int
        var idle: Bool
        var description: String { fixture }
    }

    static let boards = [
        Board(
            fixture: "rtx-4080-super-idle.gpu", name: "NVIDIA GeForce RTX 4080 SUPER", driver: "595.71.05",
            bus: "0000:01:00.0", powerW: 26.2, limitW: 320, minW: 150, maxW: 400, fanPct: 0, tempC: 43, pstate: 8,
            idle: true),
        Board(
            fixture: "rtx-4080-super-load.gpu", name: "NVIDIA GeForce RTX 4080 SUPER", driver: "595.71.05",
            bus: "0000:01:00.0", powerW: 84.24, limitW: 320, minW: 150, maxW: 400, fanPct: 0, tempC: 46, pstate: 2,
            idle: false),
        Board(
            fixture: "rtx-2080-super-idle.gpu", name: "NVIDIA GeForce RTX 2080 SUPER", driver: "610.57.04",
            bus: "0000:0c:00.0", powerW: 39.17, limitW: 250, minW: 105, maxW: 350, fanPct: 38, tempC: 33, pstate: 8,
            idle: true),
    ]

    @Test(arguments: boards)
    func readsTheCapturedValues(board: Board) throws {
        let nvml = try FakeGPU.load([board.fixture])
        let s = try nvml.sample(index: 0)
        #expect(s.name == board.name && nvml.driverVersion == board.driver)
        #expect(s.pciBusID?.description == board.bus)
        #expect(s.serial == nil)  // GeForce
        #expect(s.powerW == board.powerW && s.enforcedLimitW == board.limitW)
        #expect(s.minLimitW == board.minW && s.maxLimitW == board.maxW)
        #expect(s.fanPct == board.fanPct && s.fansRPM == nil)  // no capture records RPM
        #expect(s.tempC == board.tempC && s.pstate == board.pstate)
        #expect(s.clockEventReasons == (board.idle ? .gpuIdle : []))
        #expect(s.problems.isEmpty)
    }
}
