#!/usr/bin/env python3
"""Reads the NVML library on the loader path through NVIDIA's own bindings (nvidia-ml-py's pynvml).

  pynvml_probe.py read          one JSON object per GPU with everything fleet-agent's probe reads
  pynvml_probe.py set INDEX MW  sets the power management limit (milliwatts), prints "ok" or the NVML error

pynvml loads "libnvidia-ml.so.1" itself (CDLL), so point LD_LIBRARY_PATH at the library to read.
"""
import json
import sys

import pynvml as n


def attempt(call, *args):
    try:
        return call(*args)
    except n.NVMLError as e:
        if e.value == n.NVML_ERROR_GPU_IS_LOST:
            raise
        return None


def read_gpu(i):
    try:
        h = n.nvmlDeviceGetHandleByIndex(i)
    except n.NVMLError as e:
        return {"index": i, "error": str(e), "code": e.value}
    pci = attempt(n.nvmlDeviceGetPciInfo, h)
    mem = attempt(n.nvmlDeviceGetMemoryInfo, h, n.nvmlMemory_v2)
    util = attempt(n.nvmlDeviceGetUtilizationRates, h)
    limits = attempt(n.nvmlDeviceGetPowerManagementLimitConstraints, h)
    persistence = attempt(n.nvmlDeviceGetPersistenceMode, h)
    return {
        "index": i,
        "name": attempt(n.nvmlDeviceGetName, h),
        "uuid": attempt(n.nvmlDeviceGetUUID, h),
        "serial": attempt(n.nvmlDeviceGetSerial, h),
        "bus_id": pci.busId if pci else None,
        "pci_device_id": pci.pciDeviceId if pci else None,
        "power_mw": attempt(n.nvmlDeviceGetPowerUsage, h),
        "energy_mj": attempt(n.nvmlDeviceGetTotalEnergyConsumption, h),
        "enforced_limit_mw": attempt(n.nvmlDeviceGetEnforcedPowerLimit, h),
        "management_limit_mw": attempt(n.nvmlDeviceGetPowerManagementLimit, h),
        "min_limit_mw": limits[0] if limits else None,
        "max_limit_mw": limits[1] if limits else None,
        "default_limit_mw": attempt(n.nvmlDeviceGetPowerManagementDefaultLimit, h),
        "temp_c": attempt(n.nvmlDeviceGetTemperature, h, n.NVML_TEMPERATURE_GPU),
        "slowdown_c": attempt(n.nvmlDeviceGetTemperatureThreshold, h, n.NVML_TEMPERATURE_THRESHOLD_SLOWDOWN),
        "shutdown_c": attempt(n.nvmlDeviceGetTemperatureThreshold, h, n.NVML_TEMPERATURE_THRESHOLD_SHUTDOWN),
        "fan_pct": attempt(n.nvmlDeviceGetFanSpeed, h),
        "num_fans": attempt(n.nvmlDeviceGetNumFans, h),
        # pynvml's nvmlDeviceGetFanSpeedRPM asks fan 0 only (nvmlFanSpeedInfo_v1, version word set by pynvml).
        "fan0_rpm": attempt(n.nvmlDeviceGetFanSpeedRPM, h),
        "util_gpu": util.gpu if util else None,
        "util_mem": util.memory if util else None,
        "mem_total": mem.total if mem else None,
        "mem_used": mem.used if mem else None,
        "mem_free": mem.free if mem else None,
        "mem_reserved": mem.reserved if mem else None,
        "sm_mhz": attempt(n.nvmlDeviceGetClockInfo, h, n.NVML_CLOCK_SM),
        "mem_mhz": attempt(n.nvmlDeviceGetClockInfo, h, n.NVML_CLOCK_MEM),
        "pstate": attempt(n.nvmlDeviceGetPerformanceState, h),
        "reasons": attempt(n.nvmlDeviceGetCurrentClocksEventReasons, h),
        "persistence": None if persistence is None else persistence == n.NVML_FEATURE_ENABLED,
    }


def main():
    n.nvmlInit()
    try:
        if sys.argv[1] == "read":
            gpus = [read_gpu(i) for i in range(n.nvmlDeviceGetCount())]
            print(json.dumps({"driver": n.nvmlSystemGetDriverVersion(), "gpus": gpus}))
        elif sys.argv[1] == "set":
            h = n.nvmlDeviceGetHandleByIndex(int(sys.argv[2]))
            try:
                n.nvmlDeviceSetPowerManagementLimit(h, int(sys.argv[3]))
                print("ok")
            except n.NVMLError as e:
                print(f"error {e.value} {e}")
    finally:
        n.nvmlShutdown()


if __name__ == "__main__":
    main()
