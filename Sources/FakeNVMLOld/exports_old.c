/*
 * libFakeNVMLOld.so: an "old driver". It exports only the unversioned NVML names (no nvmlInit_v2,
 * nvmlDeviceGetCount_v2, nvmlDeviceGetPciInfo_v3, nvmlDeviceGetMemoryInfo_v2, clock *event*
 * reasons ...), so the agent's fallbacks to the older names are exercised.
 */
#include "fake_nvml_api.h"
#include "fake_nvml_core.h"

#include "../FakeNVML/exports_unversioned.inc"
