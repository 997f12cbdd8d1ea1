/// Each family's power controls (ASIC-APIS.md, "Power capping and curtailment"), as far as a reading shows them.
///
/// A reading names its firmware (`btminer 20200512.13.REL`, `BOSminer+ 0.2.0`, `LUXminer 2024.1`, `bmminer 1.0.0`)
/// but not the settings a firmware offers (LuxOS profiles, VNish presets, Avalon level watts) nor a GPU's NVML
/// constraints: where those are unknown the device's one known step is its present limit (else its draw), and it
/// can still be slept. The actuators of the control step (issue 8, part 3) read the full lists from the device.
public enum ControlPaths {
    public static func capability(of reading: Reading) -> DeviceCapability {
        if reading.kind == .gpu {
            // NVML's management limit; the reading carries the limit in force, not the constraints.
            return DeviceCapability(control: .continuous(minW: nil, maxW: nil), canSleep: false, family: "nvml")
        }
        let firmware = (reading.firmware ?? "").lowercased()
        let model = (reading.model ?? "").lowercased()
        let known = reading.powerLimitW ?? reading.powerW
        if firmware.hasPrefix("btminer") {
            // adjust_power_limit up to the nominal power, which the readings give as `Power Limit`.
            return DeviceCapability(control: .continuous(minW: nil, maxW: known), canSleep: true, family: "btminer")
        }
        if firmware.hasPrefix("bosminer") || firmware.hasPrefix("boser") {
            // pause / resume over the cgminer API; the power target (100-5,000 W) is a TOML file over SSH, which the
            // agent does not write: it runs at its own target, or sleeps.
            return single("bosminer", "running", known)
        }
        if firmware.hasPrefix("luxminer") {
            return single("luxos", "profile in force", known)
        }
        if firmware.contains("vnish") || model.contains("vnish") {
            return single("vnish", "preset in force", known)
        }
        if reading.vendor == "Canaan" || model.hasPrefix("avalon") {
            return single("avalon", "work level in force", known)
        }
        if firmware.hasPrefix("bmminer") || firmware.hasPrefix("cgminer"), reading.vendor == "Bitmain" {
            // Stock firmware: set_miner_conf sleep / normal / low-power on S19 and later only.
            guard ["s19", "s21", "t19", "t21"].contains(where: { model.contains($0) }) else {
                return DeviceCapability(
                    control: .none(reason: "stock Bitmain firmware on \(reading.model ?? "this model") has no control"),
                    canSleep: false, family: "bitmain")
            }
            return single("bitmain", "normal", known)
        }
        return DeviceCapability(
            control: .none(reason: "firmware \(reading.firmware ?? "unknown") has no control path"), canSleep: false,
            family: "generic")
    }

    /// A family whose one known setting is what it draws in its present mode: that, or sleep.
    private static func single(_ family: String, _ name: String, _ watts: Double?) -> DeviceCapability {
        DeviceCapability(
            control: .steps(watts.map { [PowerStep(name: name, watts: $0)] } ?? []), canSleep: true, family: family)
    }
}
