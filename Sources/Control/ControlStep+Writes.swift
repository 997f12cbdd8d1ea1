import FleetCore
import Ledger
import Miners

extension ControlStep {
    /// The writes the allocation asks for, after the pacing rules: lowerings at once, raises after their hold time
    /// and within the ramp-up's share, nothing for a device waiting out a retry backoff. Audit entries for devices
    /// without a control path (once per plan version) and for dry-run decisions (once per change) are added to
    /// `notes`.
    func plannedWrites(
        _ allocation: Allocation, version: String, at time: Timestamp, report: inout ControlReport,
        notes: inout [AuditEntry]
    ) -> [PlannedWrite] {
        let now = clock.now
        var raisesLeft = settings.raisesPerCycle
        var writes: [PlannedWrite] = []
        // Firm devices first, then flexible ones by priority: the order raises are granted in.
        let ordered = allocation.decisions.sorted { a, b in
            (a.loadClass == .firm ? 0 : 1, a.device) < (b.loadClass == .firm ? 0 : 1, b.device)
        }
        for decision in ordered {
            let id = decision.device
            guard let device = devices[id] else { continue }
            var target = decision.setting
            var reason = decision.reason.description
            var restoring = false
            if case .uncontrolled = target {
                if case .noRule = decision.reason, let original = restoreSetting(id) {
                    target = original
                    reason = "cap lifted (no rule of the plan covers it): back to its setting from before the agent"
                    restoring = true
                } else {
                    if case .noControlPath = decision.reason, device.noControlLogged != version {
                        notes.append(
                            entry(
                                id, action: "none", from: nil, to: nil, reason: reason, version: version, at: time,
                                verified: nil, outcome: "unsupported"))
                        devices[id]?.noControlLogged = version
                    }
                    continue
                }
            }
            guard let actuator = device.actuator else { continue }
            if case .limit(let watts) = target, id.kind != .gpu, settings.minerLimitStepW > 0 {
                let stepped = (watts / settings.minerLimitStepW).rounded(.down) * settings.minerLimitStepW
                if stepped >= (device.state?.minW ?? 0), stepped > 0 { target = .limit(stepped) }
            }
            guard let state = device.state, device.readError == nil else {
                // Its setting cannot be read (it dropped off, its credentials are refused): nothing is written
                // blind. Audited, then tried again after the backoff.
                if let error = device.readError, device.retryAt.map({ now >= $0 }) ?? true {
                    notes.append(
                        entry(
                            id, action: "read", from: nil, to: SettingText.of(target),
                            reason: reason + "; not written: its setting could not be read (\(error))",
                            version: version, at: time, verified: nil, outcome: "failed"))
                    report.outcomes["failed", default: 0] += 1
                    backOff(id, now: now)
                }
                continue
            }
            if Self.holds(state, target) {
                devices[id]?.failures = 0
                devices[id]?.retryAt = nil
                continue
            }
            if settings.dryRun {
                if device.dryRunLogged != target {
                    notes.append(
                        entry(
                            id,
                            action: PlannedWrite(
                                device: id, actuator: actuator, from: state, to: target,
                                reason: reason, restoring: restoring
                            ).action,
                            from: SettingText.of(state), to: SettingText.of(target), reason: reason, version: version,
                            at: time, verified: nil, outcome: "dry_run"))
                    devices[id]?.dryRunLogged = target
                    report.outcomes["dry_run", default: 0] += 1
                    logger.notice(
                        "dry-run: \(id) would go from \(SettingText.of(state)) to \(SettingText.of(target)): \(reason)")
                }
                continue
            }
            if let retryAt = device.retryAt, now < retryAt {
                report.held += 1
                continue
            }
            if Self.watts(of: target) > watts(of: state, device: device) {
                if let last = device.lastWrite, now - last < settings.raiseHold {
                    report.held += 1
                    continue
                }
                guard raisesLeft > 0 else {
                    report.held += 1
                    continue
                }
                raisesLeft -= 1
            }
            writes.append(
                PlannedWrite(
                    device: id, actuator: actuator, from: state, to: target, reason: reason,
                    restoring: restoring))
        }
        return writes
    }

    /// Saves originals, writes every planned setting at once (each within the device deadline), reads each back,
    /// and appends the outcomes (with `notes`) to the audit log in one transaction.
    func perform(
        _ writes: [PlannedWrite], notes: [AuditEntry], version: String?, at time: Timestamp,
        report: inout ControlReport
    ) async {
        var entries = notes
        var ready: [PlannedWrite] = []
        for write in writes {
            if !write.restoring, !hasOriginal(write.device) {
                do throws(LedgerError) {
                    try await saveOriginal(write)
                } catch {
                    entries.append(
                        entry(
                            write.device, action: write.action, from: SettingText.of(write.from),
                            to: SettingText.of(write.to),
                            reason: write.reason + "; not written: its original setting could not be saved (\(error))",
                            version: version, at: time, verified: nil, outcome: "failed"))
                    report.outcomes["failed", default: 0] += 1
                    continue
                }
            }
            ready.append(write)
        }
        let deadline = settings.deviceDeadline
        let results = await withTaskGroup(of: WriteResult.self) { group in
            for write in ready {
                group.addTask { await Self.apply(write, deadline: deadline) }
            }
            var results: [WriteResult] = []
            for await result in group { results.append(result) }
            return results
        }
        let now = clock.now
        for var result in results.sorted(by: { $0.write.device < $1.write.device }) {
            let write = result.write
            let id = write.device
            result.readBack = result.readBack.map { screened($0, of: id) }
            var outcome: String
            var reason = write.reason
            switch (result.applied, result.readBack) {
            case (.failure(let error), _):
                outcome = "failed"
                reason += "; \(error)"
            case (.success, .failure(let error)):
                outcome = "failed"
                reason += "; written, but its setting could not be read back: \(error)"
            case (.success, .success(let state)):
                outcome = Self.holds(state, write.to) ? "verified" : "not_applied"
                if outcome == "not_applied" {
                    reason += "; the device accepted the write and kept \(SettingText.of(state))"
                }
                // DESIGN: a write changes only what it means to change. What the control reads as the settings a
                // write must leave alone (pools, the rest of a web configuration) is compared before and after.
                let changed = Self.changedSettings(from: write.from.preserved, to: state.preserved)
                if !changed.isEmpty {
                    if outcome == "verified" { outcome = "side_effects" }
                    reason += "; it also changed \(changed.joined(separator: ", "))"
                    logger.error(
                        "\(id): \(write.action) changed other settings too: \(changed.joined(separator: ", "))")
                }
            }
            if case .success(let state) = result.readBack { devices[id]?.state = state }
            devices[id]?.age = 0
            devices[id]?.lastWrite = now
            // A write whose side effects were seen took: trying it again would not undo them.
            if outcome == "verified" || outcome == "side_effects" {
                devices[id]?.failures = 0
                devices[id]?.retryAt = nil
                if write.restoring || isOriginal(write.to, of: id) { await forgetOriginal(id) }
            } else {
                let failures = backOff(id, now: now)
                if failures == settings.reportAfter {
                    logger.error(
                        "\(id): \(write.action) to \(SettingText.of(write.to)) did not take after \(failures) tries: \(reason)"
                    )
                }
            }
            report.outcomes[outcome, default: 0] += 1
            entries.append(
                entry(
                    id, action: write.action, from: SettingText.of(write.from), to: SettingText.of(write.to),
                    reason: reason, version: version, at: time,
                    verified: (try? result.readBack.get()).map(SettingText.of), outcome: outcome))
        }
        guard !entries.isEmpty, let ledger else { return }
        do {
            try await ledger.appendAudit(entries)
        } catch {
            logger.error("\(entries.count) audit entries could not be appended: \(error)")
        }
    }

    /// The keys of the settings a write was to leave alone whose values differ after it, gone ones included (none for
    /// a device with nothing to leave alone, a GPU).
    static func changedSettings(from before: [String: String], to after: [String: String]) -> [String] {
        guard !before.isEmpty else { return [] }
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    /// Counts a failure of the device and sets its next try after the doubling backoff; returns the failures in a
    /// row.
    @discardableResult
    func backOff(_ id: DeviceID, now: ContinuousClock.Instant) -> Int {
        let failures = (devices[id]?.failures ?? 0) + 1
        devices[id]?.failures = failures
        devices[id]?.retryAt = now + min(settings.retryMax, settings.retryBase * (1 << min(failures - 1, 16)))
        return failures
    }

    struct WriteResult: Sendable {
        var write: PlannedWrite
        var applied: Result<Void, MinerControlError>
        var readBack: Result<MinerPowerState, MinerControlError>
    }

    /// Writes, then reads back (even after a failed write: the device may have taken part of it).
    static func apply(_ write: PlannedWrite, deadline: Duration) async -> WriteResult {
        let actuator = write.actuator
        let applied = await withDeadline(deadline, "write") { await actuator.write(write.to, current: write.from) }
        let readBack = await withDeadline(deadline, "read back") { await actuator.readState() }
        return WriteResult(write: write, applied: applied, readBack: readBack)
    }

    func entry(
        _ id: DeviceID, action: String, from: String?, to: String?, reason: String, version: String?,
        at time: Timestamp, verified: String?, outcome: String
    ) -> AuditEntry {
        AuditEntry(
            time: time, device: id.description, action: action, from: from, to: to, reason: reason,
            planVersion: version, verifiedValue: verified, outcome: outcome)
    }
}
