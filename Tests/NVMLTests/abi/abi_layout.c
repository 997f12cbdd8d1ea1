/*
 * Prints the NVML ABI facts fleet-agent relies on: struct sizes and field offsets, enum values and
 * constants. NVMLABITests compiles it twice, with fleet-agent's own declarations (cnvml.h) and with
 * NVIDIA's nvml.h (-DCNVML_USE_NVIDIA_HEADER), and requires the two outputs to be identical.
 */
#include <stddef.h>
#include <stdio.h>

#include "cnvml.h"

#define SIZE(t) printf("sizeof %s %zu\n", #t, sizeof(t))
#define OFFSET(t, f) printf("offsetof %s.%s %zu\n", #t, #f, offsetof(t, f))
#define VALUE(v) printf("value %s %lld\n", #v, (long long)(v))

int main(void) {
    SIZE(nvmlReturn_t);
    SIZE(nvmlDevice_t);
    SIZE(nvmlPciInfo_t);
    OFFSET(nvmlPciInfo_t, busIdLegacy);
    OFFSET(nvmlPciInfo_t, domain);
    OFFSET(nvmlPciInfo_t, bus);
    OFFSET(nvmlPciInfo_t, device);
    OFFSET(nvmlPciInfo_t, pciDeviceId);
    OFFSET(nvmlPciInfo_t, pciSubSystemId);
    OFFSET(nvmlPciInfo_t, busId);
    SIZE(nvmlUtilization_t);
    OFFSET(nvmlUtilization_t, gpu);
    OFFSET(nvmlUtilization_t, memory);
    SIZE(nvmlFanSpeedInfo_t);
    OFFSET(nvmlFanSpeedInfo_t, version);
    OFFSET(nvmlFanSpeedInfo_t, fan);
    OFFSET(nvmlFanSpeedInfo_t, speed);
    VALUE(nvmlFanSpeedInfo_v1);
    SIZE(nvmlMemory_t);
    OFFSET(nvmlMemory_t, total);
    OFFSET(nvmlMemory_t, free);
    OFFSET(nvmlMemory_t, used);
    SIZE(nvmlMemory_v2_t);
    OFFSET(nvmlMemory_v2_t, version);
    OFFSET(nvmlMemory_v2_t, total);
    OFFSET(nvmlMemory_v2_t, reserved);
    OFFSET(nvmlMemory_v2_t, free);
    OFFSET(nvmlMemory_v2_t, used);
    SIZE(nvmlEnableState_t);
    SIZE(nvmlPstates_t);
    SIZE(nvmlClockType_t);
    SIZE(nvmlTemperatureSensors_t);
    SIZE(nvmlTemperatureThresholds_t);
    VALUE(nvmlMemory_v2);
    VALUE(NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE);
    VALUE(NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE);
    VALUE(NVML_DEVICE_UUID_BUFFER_SIZE);
    VALUE(NVML_DEVICE_UUID_V2_BUFFER_SIZE);
    VALUE(NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    VALUE(NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE);
    VALUE(NVML_DEVICE_NAME_BUFFER_SIZE);
    VALUE(NVML_DEVICE_NAME_V2_BUFFER_SIZE);
    VALUE(NVML_DEVICE_SERIAL_BUFFER_SIZE);
    VALUE(NVML_INIT_FLAG_NO_GPUS);
    VALUE(NVML_INIT_FLAG_NO_ATTACH);
    VALUE(NVML_SUCCESS);
    VALUE(NVML_ERROR_UNINITIALIZED);
    VALUE(NVML_ERROR_INVALID_ARGUMENT);
    VALUE(NVML_ERROR_NOT_SUPPORTED);
    VALUE(NVML_ERROR_NO_PERMISSION);
    VALUE(NVML_ERROR_ALREADY_INITIALIZED);
    VALUE(NVML_ERROR_NOT_FOUND);
    VALUE(NVML_ERROR_INSUFFICIENT_SIZE);
    VALUE(NVML_ERROR_INSUFFICIENT_POWER);
    VALUE(NVML_ERROR_DRIVER_NOT_LOADED);
    VALUE(NVML_ERROR_TIMEOUT);
    VALUE(NVML_ERROR_IRQ_ISSUE);
    VALUE(NVML_ERROR_LIBRARY_NOT_FOUND);
    VALUE(NVML_ERROR_FUNCTION_NOT_FOUND);
    VALUE(NVML_ERROR_CORRUPTED_INFOROM);
    VALUE(NVML_ERROR_GPU_IS_LOST);
    VALUE(NVML_ERROR_RESET_REQUIRED);
    VALUE(NVML_ERROR_OPERATING_SYSTEM);
    VALUE(NVML_ERROR_LIB_RM_VERSION_MISMATCH);
    VALUE(NVML_ERROR_IN_USE);
    VALUE(NVML_ERROR_MEMORY);
    VALUE(NVML_ERROR_NO_DATA);
    VALUE(NVML_ERROR_VGPU_ECC_NOT_SUPPORTED);
    VALUE(NVML_ERROR_INSUFFICIENT_RESOURCES);
    VALUE(NVML_ERROR_FREQ_NOT_SUPPORTED);
    VALUE(NVML_ERROR_ARGUMENT_VERSION_MISMATCH);
    VALUE(NVML_ERROR_DEPRECATED);
    VALUE(NVML_ERROR_NOT_READY);
    VALUE(NVML_ERROR_GPU_NOT_FOUND);
    VALUE(NVML_ERROR_INVALID_STATE);
    VALUE(NVML_ERROR_UNKNOWN);
    VALUE(NVML_FEATURE_DISABLED);
    VALUE(NVML_FEATURE_ENABLED);
    VALUE(NVML_TEMPERATURE_THRESHOLD_SHUTDOWN);
    VALUE(NVML_TEMPERATURE_THRESHOLD_SLOWDOWN);
    VALUE(NVML_TEMPERATURE_THRESHOLD_MEM_MAX);
    VALUE(NVML_TEMPERATURE_THRESHOLD_GPU_MAX);
    VALUE(NVML_TEMPERATURE_THRESHOLD_ACOUSTIC_MIN);
    VALUE(NVML_TEMPERATURE_THRESHOLD_ACOUSTIC_CURR);
    VALUE(NVML_TEMPERATURE_THRESHOLD_ACOUSTIC_MAX);
    VALUE(NVML_TEMPERATURE_THRESHOLD_GPS_CURR);
    VALUE(NVML_TEMPERATURE_GPU);
    VALUE(NVML_CLOCK_GRAPHICS);
    VALUE(NVML_CLOCK_SM);
    VALUE(NVML_CLOCK_MEM);
    VALUE(NVML_CLOCK_VIDEO);
    VALUE(NVML_PSTATE_0);
    VALUE(NVML_PSTATE_8);
    VALUE(NVML_PSTATE_15);
    VALUE(NVML_PSTATE_UNKNOWN);
    VALUE(nvmlClocksEventReasonGpuIdle);
    VALUE(nvmlClocksEventReasonApplicationsClocksSetting);
    VALUE(nvmlClocksEventReasonSwPowerCap);
    VALUE(nvmlClocksThrottleReasonHwSlowdown);
    VALUE(nvmlClocksEventReasonSyncBoost);
    VALUE(nvmlClocksEventReasonSwThermalSlowdown);
    VALUE(nvmlClocksThrottleReasonHwThermalSlowdown);
    VALUE(nvmlClocksThrottleReasonHwPowerBrakeSlowdown);
    VALUE(nvmlClocksEventReasonDisplayClockSetting);
    VALUE(nvmlClocksEventReasonNone);
    return 0;
}
