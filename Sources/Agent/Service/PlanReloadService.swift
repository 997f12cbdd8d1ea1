import ServiceLifecycle
import UnixSignals

/// Re-reads the plan file on each SIGHUP (`systemctl reload fleet-agent`), beside the poll loop, until the agent
/// stops.
struct PlanReloadService: Service {
    let stage: ControlStage

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            await stage.reload(reason: "SIGHUP")
        }
    }
}
