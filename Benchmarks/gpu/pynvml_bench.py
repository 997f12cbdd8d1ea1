#!/usr/bin/env python3
"""CPU cost of one GPU sample through NVIDIA's pynvml (nvidia-ml-py): the same reads fleet-agent makes.

  pynvml_bench.py [SAMPLES] [WARMUP]

pynvml loads libnvidia-ml.so.1 from the loader path (point LD_LIBRARY_PATH at FakeNVML's folder).
Prints one JSON line: process CPU microseconds per GPU per sample.
"""
import importlib.metadata
import json
import sys
import time

import pynvml as n


def attempt(call, *args):
    try:
        return call(*args)
    except n.NVMLError_NotSupported:
        return None


def fan_rpm(h):
    """The fan count, then each fan's RPM as the agent asks (pynvml's own call asks fan 0 only, so the rest go
    through the same C function with the version word pynvml uses)."""
    count = attempt(n.nvmlDeviceGetNumFans, h)
    if not count:
        return None
    fn = n._nvmlGetFunctionPointer("nvmlDeviceGetFanSpeedRPM")
    speeds = []
    for fan in range(count):
        info = n.c_nvmlFanSpeedInfo_t()
        info.version = n.nvmlFanSpeedInfo_v1
        info.fan = fan
        ret = fn(h, n.byref(info))
        if ret != n.NVML_SUCCESS:
            return None
        speeds.append(info.speed)
    return speeds


def sample(i):
    h = n.nvmlDeviceGetHandleByIndex(i)
    return (
        attempt(n.nvmlDeviceGetName, h), attempt(n.nvmlDeviceGetUUID, h), attempt(n.nvmlDeviceGetSerial, h),
        attempt(n.nvmlDeviceGetPciInfo, h), attempt(n.nvmlDeviceGetPowerUsage, h),
        attempt(n.nvmlDeviceGetTotalEnergyConsumption, h), attempt(n.nvmlDeviceGetEnforcedPowerLimit, h),
        attempt(n.nvmlDeviceGetPowerManagementLimit, h), attempt(n.nvmlDeviceGetPowerManagementLimitConstraints, h),
        attempt(n.nvmlDeviceGetPowerManagementDefaultLimit, h),
        attempt(n.nvmlDeviceGetTemperature, h, n.NVML_TEMPERATURE_GPU),
        attempt(n.nvmlDeviceGetTemperatureThreshold, h, n.NVML_TEMPERATURE_THRESHOLD_SLOWDOWN),
        attempt(n.nvmlDeviceGetTemperatureThreshold, h, n.NVML_TEMPERATURE_THRESHOLD_SHUTDOWN),
        attempt(n.nvmlDeviceGetFanSpeed, h), fan_rpm(h), attempt(n.nvmlDeviceGetUtilizationRates, h),
        attempt(n.nvmlDeviceGetMemoryInfo, h, n.nvmlMemory_v2),
        attempt(n.nvmlDeviceGetClockInfo, h, n.NVML_CLOCK_SM), attempt(n.nvmlDeviceGetClockInfo, h, n.NVML_CLOCK_MEM),
        attempt(n.nvmlDeviceGetPerformanceState, h), attempt(n.nvmlDeviceGetCurrentClocksEventReasons, h),
        attempt(n.nvmlDeviceGetPersistenceMode, h),
    )


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    n.nvmlInit()
    gpus = n.nvmlDeviceGetCount()
    for _ in range(warmup):
        for i in range(gpus):
            sample(i)
    start = time.process_time_ns()
    for _ in range(samples):
        for i in range(gpus):
            sample(i)
    spent = time.process_time_ns() - start
    n.nvmlShutdown()
    per = spent / 1000 / (samples * gpus)
    try:
        version = importlib.metadata.version("nvidia-ml-py")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    print(json.dumps({"tool": "pynvml (nvidia-ml-py %s)" % version, "gpus": gpus, "samples": samples,
                      "cpu_us_per_gpu_sample": round(per, 3)}))


if __name__ == "__main__":
    main()
