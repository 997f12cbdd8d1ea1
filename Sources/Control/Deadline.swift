import Miners
import Synchronization

/// Runs `work` and gives up after `limit` with `.unreachable`: a device that hangs costs the step at most that. The
/// work is cancelled then; work that cannot be (a call on a blocking lane) finishes in the background, unawaited.
///
/// Outcomes travel as `Result`s and the continuation lives in a class: in a release build the first version (a
/// typed-throws closure through this generic function, the continuation in a captured `Mutex`) crashed a task group
/// copying a corrupt device id out of a child's result (`control-bench`, 200 miners). Which of the two did it was
/// not isolated; the debug build and the tests never showed it.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ work: @escaping @Sendable () async -> Result<T, MinerControlError>
) async -> Result<T, MinerControlError> {
    await withCheckedContinuation { continuation in
        let first = FirstOutcome(continuation)
        let worker = Task { first.finish(await work()) }
        Task {
            try? await Task.sleep(for: limit)
            first.finish(.failure(.unreachable("\(what): no answer within \(limit)")))
            worker.cancel()
        }
    }
}

/// Resumes its continuation with the first outcome it is given; later ones are dropped.
final class FirstOutcome<T: Sendable>: Sendable {
    private let waiting: Mutex<CheckedContinuation<Result<T, MinerControlError>, Never>?>

    init(_ continuation: CheckedContinuation<Result<T, MinerControlError>, Never>) {
        waiting = Mutex(continuation)
    }

    func finish(_ outcome: Result<T, MinerControlError>) {
        let continuation = waiting.withLock { waiting in
            let continuation = waiting
            waiting = nil
            return continuation
        }
        continuation?.resume(returning: outcome)
    }
}
