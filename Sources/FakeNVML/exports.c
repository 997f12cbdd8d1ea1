/* libFakeNVML.so: every NVML entry point FakeNVML implements, under its versioned and unversioned names. */
#include "fake_nvml_api.h"
#include "fake_nvml_core.h"

#include "exports_unversioned.inc"

nvmlReturn_t nvmlInit_v2(void) { return fake_init(0); }
nvmlReturn_t nvmlInitWithFlags(unsigned int flags) { return fake_init(flags); }
nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *v) { return fake_cuda_driver_version(v); }
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) { return fake_device_count(deviceCount); }
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    return fake_handle_by_index(index, device);
}
nvmlReturn_t nvmlDeviceGetPciInfo_v2(nvmlDevice_t device, nvmlPciInfo_t *pci) {
    return fake_pci_info(device, pci, FAKE_PCI_V1);
}
nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci) {
    return fake_pci_info(device, pci, FAKE_PCI_V3);
}
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    return fake_memory_v2(device, memory);
}
nvmlReturn_t nvmlDeviceGetNumFans(nvmlDevice_t device, unsigned int *numFans) { return fake_num_fans(device, numFans); }
nvmlReturn_t nvmlDeviceGetFanSpeedRPM(nvmlDevice_t device, nvmlFanSpeedInfo_t *fanSpeed) {
    return fake_fan_speed_rpm(device, fanSpeed);
}
nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *clocksEventReasons) {
    return fake_clock_reasons(device, clocksEventReasons);
}
nvmlReturn_t nvmlDeviceGetSupportedClocksEventReasons(nvmlDevice_t device,
                                                      unsigned long long *supportedClocksEventReasons) {
    return fake_supported_clock_reasons(device, supportedClocksEventReasons);
}
