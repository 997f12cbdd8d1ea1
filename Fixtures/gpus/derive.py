#!/usr/bin/env python3
"""Derives the FakeNVML GPU fixtures in this folder from the recorded nvidia-smi captures.

Usage: python3 Fixtures/gpus/derive.py [CORPUS_GPU_DIR]   (default: ../shared/corpus/devices/gpu)

Each fixture comes from one capture run (one CSV row, one -q block or one -q -x file) and keeps
the values as nvidia-smi printed them (W, MiB, MHz, C, %); FakeNVML converts them to NVML units.
A value the capture does not give is N/A: FakeNVML then answers NVML_ERROR_NOT_SUPPORTED.
The one addition is `energy_counter = yes` (Volta and newer boards have the NVML total-energy
counter; no capture prints it, so FakeNVML starts it at 0 when it is initialised).
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "corpus", "devices", "gpu")

# Clock event reason bits (nvml.h) by the names nvidia-smi prints in XML and in -q text.
REASON_BITS = {
    "gpu_idle": 0x1, "applications_clocks_setting": 0x2, "sw_power_cap": 0x4, "hw_slowdown": 0x8,
    "sync_boost": 0x10, "sw_thermal_slowdown": 0x20, "hw_thermal_slowdown": 0x40,
    "hw_power_brake_slowdown": 0x80, "display_clocks_setting": 0x100,
}
TEXT_REASONS = {
    "Idle": "gpu_idle", "Applications Clocks Setting": "applications_clocks_setting", "SW Power Cap": "sw_power_cap",
    "HW Slowdown": "hw_slowdown", "HW Thermal Slowdown": "hw_thermal_slowdown",
    "HW Power Brake Slowdown": "hw_power_brake_slowdown", "Sync Boost": "sync_boost",
    "SW Thermal Slowdown": "sw_thermal_slowdown", "Display Clock Setting": "display_clocks_setting",
}
GPU_KEYS = [
    "name", "uuid", "serial", "pci_bus_id", "pci_device_id", "pci_subsystem_id", "power_draw_w", "power_limit_w",
    "enforced_power_limit_w", "default_power_limit_w", "min_power_limit_w", "max_power_limit_w", "energy_counter",
    "temp_c", "slowdown_temp_c", "shutdown_temp_c", "max_operating_temp_c", "fan_pct", "fan_rpm", "util_gpu_pct",
    "util_mem_pct", "mem_total_mib", "mem_reserved_mib", "mem_used_mib", "mem_free_mib", "graphics_clock_mhz",
    "sm_clock_mhz", "mem_clock_mhz", "video_clock_mhz", "max_graphics_clock_mhz", "max_sm_clock_mhz",
    "max_mem_clock_mhz", "pstate", "clocks_event_reasons", "supported_clocks_event_reasons", "persistence_mode",
]


def number(text):
    """'631.95 W' -> '631.95'; '[N/A]', 'N/A' or a T.Limit-relative value -> 'N/A'."""
    if text is None:
        return "N/A"
    text = text.strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?) ?(W|MiB|MHz|C|%)?", text)
    return m.group(1) if m else "N/A"


def hex32(text):
    text = (text or "").strip()
    if re.fullmatch(r"(0x)?[0-9A-Fa-f]{8}", text):
        return "0x" + text[-8:].upper()
    return "N/A"


def cuda_version(text):
    m = re.fullmatch(r"(\d+)\.(\d+)", (text or "").strip())
    return str(int(m.group(1)) * 1000 + int(m.group(2)) * 10) if m else "N/A"


def plain(text):
    text = (text or "").strip()
    return text if text and text not in ("N/A", "[N/A]") else "N/A"


def write(name, header, host, gpus):
    if any(gpu.get("energy_counter") == "yes" for gpu in gpus):
        header = header + ["energy_counter = yes is not in the capture: it says the board (Volta or newer) has NVML's",
                           "total-energy counter, which FakeNVML starts at 0 at nvmlInit."]
    lines = [f"# {line}" if line else "#" for line in header] + [""]
    lines += [f"{k} = {v}" for k, v in host.items()]
    for gpu in gpus:
        lines += ["", "[gpu]"] + [f"{k} = {gpu.get(k, 'N/A')}" for k in GPU_KEYS]
    with open(os.path.join(HERE, name), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", name, len(gpus), "GPU(s)")


def from_exporter_csv(path, state):
    """One row of the `--query-gpu ... --format=csv` section of an nvidia_gpu_exporter capture."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith(f"# {state} :: query-gpu (csv"))
    keys = [k.strip() for k in lines[start + 3].split(", ")]
    values = [v.strip() for v in lines[start + 4].split(", ")]
    d = dict(zip(keys, values))
    version = dict(re.findall(r"^(CUDA Version|DRIVER version)\s*: (\S+)", "\n".join(lines), re.M))
    gpu = {
        "name": d["name"], "uuid": d["uuid"], "serial": plain(d["serial"]), "pci_bus_id": d["pci.bus_id"],
        "pci_device_id": hex32(d["pci.device_id"]), "pci_subsystem_id": hex32(d["pci.sub_device_id"]),
        "power_draw_w": number(d["power.draw [W]"]), "power_limit_w": number(d["power.limit [W]"]),
        "enforced_power_limit_w": number(d["enforced.power.limit [W]"]),
        "default_power_limit_w": number(d["power.default_limit [W]"]),
        "min_power_limit_w": number(d["power.min_limit [W]"]), "max_power_limit_w": number(d["power.max_limit [W]"]),
        "energy_counter": "yes", "temp_c": number(d["temperature.gpu"]), "fan_pct": number(d["fan.speed [%]"]),
        "util_gpu_pct": number(d["utilization.gpu [%]"]), "util_mem_pct": number(d["utilization.memory [%]"]),
        "mem_total_mib": number(d["memory.total [MiB]"]), "mem_reserved_mib": number(d["memory.reserved [MiB]"]),
        "mem_used_mib": number(d["memory.used [MiB]"]), "mem_free_mib": number(d["memory.free [MiB]"]),
        "graphics_clock_mhz": number(d["clocks.current.graphics [MHz]"]),
        "sm_clock_mhz": number(d["clocks.current.sm [MHz]"]),
        "mem_clock_mhz": number(d["clocks.current.memory [MHz]"]),
        "video_clock_mhz": number(d["clocks.current.video [MHz]"]),
        "max_graphics_clock_mhz": number(d["clocks.max.graphics [MHz]"]),
        "max_sm_clock_mhz": number(d["clocks.max.sm [MHz]"]),
        "max_mem_clock_mhz": number(d["clocks.max.memory [MHz]"]), "pstate": d["pstate"],
        "clocks_event_reasons": "0x%X" % int(d["clocks_event_reasons.active"], 16),
        "supported_clocks_event_reasons": "0x%X" % int(d["clocks_event_reasons.supported"], 16),
        "persistence_mode": plain(d["persistence_mode"]),
    }
    host = {"driver_version": d["driver_version"], "cuda_driver_version": cuda_version(version.get("CUDA Version"))}
    return host, gpu, d["timestamp"]


def query_blocks(path):
    """Splits `nvidia-smi -q` text into (bus id, {"Section/Key": value}) per GPU."""
    text = open(path, encoding="utf-8", errors="replace").read()
    head = dict(re.findall(r"^(Driver Version|CUDA Version)\s+: (.+)$", text, re.M))
    blocks = []
    for m in re.finditer(r"^GPU (\S+)\n((?:    .*\n?)+)", text, re.M):
        values, stack = {}, []
        for line in m.group(2).split("\n"):
            if not line.strip():
                continue
            depth = (len(line) - len(line.lstrip(" "))) // 4 - 1
            key, _, value = line.strip().partition(" : ")
            key = key.strip()
            stack = stack[:depth] + [key]
            if value or line.rstrip().endswith(":"):
                values["/".join(stack)] = value.strip()
        blocks.append((m.group(1), values))
    return head, blocks


def from_query_text(bus, q):
    reasons = 0
    for label, name in TEXT_REASONS.items():
        for key in (f"Clocks Throttle Reasons/{label}", f"Clocks Throttle Reasons/HW Slowdown/{label}",
                    f"Clocks Event Reasons/{label}", f"Clocks Event Reasons/HW Slowdown/{label}"):
            if q.get(key) == "Active":
                reasons |= REASON_BITS[name]
    return {
        "name": q["Product Name"], "uuid": q["GPU UUID"], "serial": plain(q["Serial Number"]), "pci_bus_id": bus,
        "pci_device_id": hex32(q["PCI/Device Id"]), "pci_subsystem_id": hex32(q["PCI/Sub System Id"]),
        "power_draw_w": number(q["Power Readings/Power Draw"]), "power_limit_w": number(q["Power Readings/Power Limit"]),
        "enforced_power_limit_w": number(q["Power Readings/Enforced Power Limit"]),
        "default_power_limit_w": number(q["Power Readings/Default Power Limit"]),
        "min_power_limit_w": number(q["Power Readings/Min Power Limit"]),
        "max_power_limit_w": number(q["Power Readings/Max Power Limit"]), "energy_counter": "yes",
        "temp_c": number(q["Temperature/GPU Current Temp"]),
        "slowdown_temp_c": number(q["Temperature/GPU Slowdown Temp"]),
        "shutdown_temp_c": number(q["Temperature/GPU Shutdown Temp"]),
        "max_operating_temp_c": number(q["Temperature/GPU Max Operating Temp"]), "fan_pct": number(q["Fan Speed"]),
        "util_gpu_pct": number(q["Utilization/Gpu"]), "util_mem_pct": number(q["Utilization/Memory"]),
        "mem_total_mib": number(q["FB Memory Usage/Total"]), "mem_reserved_mib": number(q["FB Memory Usage/Reserved"]),
        "mem_used_mib": number(q["FB Memory Usage/Used"]), "mem_free_mib": number(q["FB Memory Usage/Free"]),
        "graphics_clock_mhz": number(q["Clocks/Graphics"]), "sm_clock_mhz": number(q["Clocks/SM"]),
        "mem_clock_mhz": number(q["Clocks/Memory"]), "video_clock_mhz": number(q["Clocks/Video"]),
        "max_graphics_clock_mhz": number(q["Max Clocks/Graphics"]), "max_sm_clock_mhz": number(q["Max Clocks/SM"]),
        "max_mem_clock_mhz": number(q["Max Clocks/Memory"]), "pstate": q["Performance State"],
        "clocks_event_reasons": "0x%X" % reasons, "persistence_mode": plain(q["Persistence Mode"]),
    }


def from_xml(path):
    root = ET.parse(path).getroot()
    g = root.find("gpu")

    def t(p):
        e = g.find(p)
        return e.text.strip() if e is not None and e.text else None

    power = "gpu_power_readings" if g.find("gpu_power_readings") is not None else "power_readings"
    reasons_el = g.find("clocks_event_reasons")
    if reasons_el is None:
        reasons_el = g.find("clocks_throttle_reasons")
    reasons = 0
    for e in reasons_el:
        name = re.sub(r"^clocks_(event|throttle)_reason_", "", e.tag)
        if (e.text or "").strip() == "Active":
            reasons |= REASON_BITS[name]
    draw = t(f"{power}/power_draw") or t(f"{power}/average_power_draw")
    gpu = {
        "name": t("product_name"), "uuid": t("uuid"), "serial": plain(t("serial")), "pci_bus_id": t("pci/pci_bus_id"),
        "pci_device_id": hex32(t("pci/pci_device_id")), "pci_subsystem_id": hex32(t("pci/pci_sub_system_id")),
        "power_draw_w": number(draw),
        "power_limit_w": number(t(f"{power}/requested_power_limit") or t(f"{power}/power_limit")),
        "enforced_power_limit_w": number(t(f"{power}/current_power_limit") or t(f"{power}/enforced_power_limit")),
        "default_power_limit_w": number(t(f"{power}/default_power_limit")),
        "min_power_limit_w": number(t(f"{power}/min_power_limit")),
        "max_power_limit_w": number(t(f"{power}/max_power_limit")), "energy_counter": "yes",
        "temp_c": number(t("temperature/gpu_temp")),
        "slowdown_temp_c": number(t("temperature/gpu_temp_slow_threshold")),
        "shutdown_temp_c": number(t("temperature/gpu_temp_max_threshold")),
        "max_operating_temp_c": number(t("temperature/gpu_temp_max_gpu_threshold")),
        "fan_pct": number(t("fan_speed")), "util_gpu_pct": number(t("utilization/gpu_util")),
        "util_mem_pct": number(t("utilization/memory_util")), "mem_total_mib": number(t("fb_memory_usage/total")),
        "mem_reserved_mib": number(t("fb_memory_usage/reserved")), "mem_used_mib": number(t("fb_memory_usage/used")),
        "mem_free_mib": number(t("fb_memory_usage/free")), "graphics_clock_mhz": number(t("clocks/graphics_clock")),
        "sm_clock_mhz": number(t("clocks/sm_clock")), "mem_clock_mhz": number(t("clocks/mem_clock")),
        "video_clock_mhz": number(t("clocks/video_clock")),
        "max_graphics_clock_mhz": number(t("max_clocks/graphics_clock")),
        "max_sm_clock_mhz": number(t("max_clocks/sm_clock")), "max_mem_clock_mhz": number(t("max_clocks/mem_clock")),
        "pstate": t("performance_state"), "clocks_event_reasons": "0x%X" % reasons,
        "persistence_mode": plain(t("persistence_mode")),
    }
    host = {"driver_version": root.findtext("driver_version").strip(),
            "cuda_driver_version": cuda_version(root.findtext("cuda_version"))}
    return host, gpu, root.findtext("timestamp").strip()


def nvml_symbols(path):
    """The `capabilities :: nvml-symbols` section of an nvidia_gpu_exporter capture: the command line, the library's
    sha256 and the sorted function names that the real libnvidia-ml.so.1 exports."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "# capabilities :: nvml-symbols")
    header = [line[2:] for line in lines[start + 1:start + 3] if line.startswith("# ")]
    names = []
    for line in lines[start + 3:]:
        if line.startswith("####") and names:
            break
        if line.startswith("nvml"):
            names.append(line.strip())
    return header, names


def write_symbols(name, header, names):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("".join(f"# {line}\n" for line in header) + "".join(f"{n}\n" for n in names))
    print("wrote", name, len(names), "names")


def exporter_states(prefix, path, header):
    """One fixture per state (idle, load) from the query-gpu CSV rows of an nvidia_gpu_exporter capture;
    `header(state, ts)` gives the comment lines."""
    for state in ("idle", "load"):
        host, gpu, ts = from_exporter_csv(os.path.join(CORPUS, path), state)
        write(f"{prefix}-{state}.gpu", header(state, ts) + ["Derived by Fixtures/gpus/derive.py."], host, [gpu])


def main():
    rel = lambda p: "corpus/devices/gpu/" + p
    h100 = "nvidia-h100-80gb-hbm3/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt"
    exporter_states("h100-sxm5-80gb", h100, lambda state, ts: [
        f"H100 80GB HBM3 (SXM5), driver 590.48.01, {state} state (README table C row {1 if state == 'idle' else 2}).",
        f"Source: {rel(h100)}, '{state} :: query-gpu' CSV row, {ts}.",
        "UUID and serial were masked by the collector; SXM: no fan; thresholds are T.Limit-relative (N/A here).",
    ])
    h200 = "nvidia-h200/linux-x86_64__nvidia-h200__590.48.01.txt"
    exporter_states("h200-sxm-141gb", h200, lambda state, ts: [
        f"H200 (SXM, 141 GB HBM3e), driver 590.48.01, MIG disabled, {state} state.",
        f"Source: {rel(h200)} (nvidia_gpu_exporter, MIT), '{state} :: query-gpu' CSV row, {ts}.",
        "UUID and serial were masked by the collector; SXM: no fan.",
    ])

    h200_mig = "nvidia-h200/linux-x86_64__nvidia-h200-mig__590.48.01.txt"
    exporter_states("h200-sxm-141gb-mig", h200_mig, lambda state, ts: [
        f"H200 (SXM, 141 GB HBM3e), driver 590.48.01, MIG enabled (5 MIG devices), {state} state: the whole-GPU",
        "utilization is N/A under MIG, as the capture shows.",
        f"Source: {rel(h200_mig)} (nvidia_gpu_exporter, MIT), '{state} :: query-gpu' CSV row, {ts}.",
        "UUID and serial were masked by the collector; SXM: no fan.",
    ])

    for prefix, path, board in [
        ("rtx-4080-super", "nvidia-geforce-rtx-4080-super/linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05.txt",
         "RTX 4080 SUPER, driver 595.71.05"),
        ("rtx-2080-super", "nvidia-geforce-rtx-2080-super/linux-x86_64__nvidia-geforce-rtx-2080-super__610.57.04.txt",
         "RTX 2080 SUPER, driver 610.57.04"),
    ]:
        exporter_states(prefix, path, lambda state, ts, path=path, board=board: [
            f"{board}, {state} state (a desktop card).",
            f"Source: {rel(path)} (nvidia_gpu_exporter, MIT), '{state} :: query-gpu' CSV row, {ts}.",
            "UUID masked by the collector; GeForce: no serial.",
        ])

    # The NVML function names real drivers export (readelf of libnvidia-ml.so.1), for the symbol-table tests.
    for name, path in [
        ("nvml-symbols-590.48.01.txt", h100),
        ("nvml-symbols-610.57.04.txt",
         "nvidia-geforce-rtx-2080-super/linux-x86_64__nvidia-geforce-rtx-2080-super__610.57.04.txt"),
    ]:
        header, names = nvml_symbols(os.path.join(CORPUS, path))
        write_symbols(name, [f"NVML functions exported by a real libnvidia-ml.so.1: the 'capabilities :: nvml-symbols'",
                             f"section of {rel(path)} (nvidia_gpu_exporter, MIT), names as recorded.",
                             "Extracted by Fixtures/gpus/derive.py."] + header, names)

    a100 = "nvidia-a100-sxm4-80gb/hf-m4-logs__gpu.query.all.txt"
    head, blocks = query_blocks(os.path.join(CORPUS, a100))
    host = {"driver_version": head["Driver Version"].strip(), "cuda_driver_version": cuda_version(head["CUDA Version"])}
    write("a100-sxm4-80gb-node.gpu", [
        "8x A100-SXM4-80GB training node, driver 525.60.13, `nvidia-smi -q` of Sat Mar  4 04:55:00 2023",
        "(README tables A/B rows 19-26): 7 GPUs at 100 % in a hung collective, GPU 07:00.0 idle.",
        f"Source: {rel(a100)} (huggingface/m4-logs, Apache-2.0); real UUIDs and serials.",
        "Derived by Fixtures/gpus/derive.py.",
    ], host, [from_query_text(bus, q) for bus, q in blocks])

    for name, path, note in [
        ("rtx-3090-capped-200w.gpu", "nvidia-geforce-rtx-3090/telegraf__rtx-3090-v12.xml",
         "RTX 3090, driver 525.147.05, idle at P8, power limit set to 200 W (default 350 W); UUID is the"
         " source's placeholder."),
        ("rtx-4090.gpu", "nvidia-geforce-rtx-4090/netdata__rtx-4090-driver-535.xml",
         "RTX 4090, driver 535.86.05, idle at P8; thresholds are T.Limit-relative (N/A here)."),
    ]:
        host, gpu, ts = from_xml(os.path.join(CORPUS, path))
        write(name, [note, f"Source: {rel(path)} (`nvidia-smi -q -x`, {ts}).", "GeForce: no serial.",
                     "Derived by Fixtures/gpus/derive.py."], host, [gpu])

    # The SYNTHETIC rig: the two real GeForce boards above, placed at the bus ids of the SYNTHETIC PCI dump
    # (Fixtures/pci/SYNTHETIC-mining-rig-3090x1-4090x1.dump) so that inventory matching can be shown end to end.
    _, g3090, _ = from_xml(os.path.join(CORPUS, "nvidia-geforce-rtx-3090/telegraf__rtx-3090-v12.xml"))
    host, g4090, _ = from_xml(os.path.join(CORPUS, "nvidia-geforce-rtx-4090/netdata__rtx-4090-driver-535.xml"))
    g3090["pci_bus_id"], g4090["pci_bus_id"] = "00000000:17:00.0", "00000000:65:00.0"
    write("SYNTHETIC-mining-rig-3090x1-4090x1.gpu", [
        "SYNTHETIC host: the real RTX 3090 (rtx-3090-capped-200w.gpu) and RTX 4090 (rtx-4090.gpu) readings,",
        "placed at the bus ids of Fixtures/pci/SYNTHETIC-mining-rig-3090x1-4090x1.dump (17:00.0 and 65:00.0).",
        "The placement is made up; every value is from the two captures. Driver keys from the 4090 capture.",
        "Derived by Fixtures/gpus/derive.py.",
    ], host, [g3090, g4090])


if __name__ == "__main__":
    main()
