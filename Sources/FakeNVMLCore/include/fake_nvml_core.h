/*
 * FakeNVMLCore: the state and behaviour behind the FakeNVML libraries (libFakeNVML.so and the
 * "old driver" libFakeNVMLOld.so). The exported nvml* entry points live in the FakeNVML and
 * FakeNVMLOld targets and forward here. Everything in this header has hidden visibility: it is
 * linked into each library but never exported, so two copies of the library loaded side by side
 * (one per test) keep separate state.
 */
#ifndef FAKE_NVML_CORE_H
#define FAKE_NVML_CORE_H

#include "cnvml.h"

#define FAKE_HIDDEN __attribute__((visibility("hidden")))

/* Which PCI info layout a getter fills: v3 = current layout, v1 = legacy fields only. */
typedef enum { FAKE_PCI_V1 = 1, FAKE_PCI_V3 = 3 } fake_pci_layout;

FAKE_HIDDEN nvmlReturn_t fake_init(unsigned int flags);
FAKE_HIDDEN nvmlReturn_t fake_shutdown(void);
FAKE_HIDDEN const char *fake_error_string(nvmlReturn_t result);

FAKE_HIDDEN nvmlReturn_t fake_driver_version(char *version, unsigned int length);
FAKE_HIDDEN nvmlReturn_t fake_nvml_version(char *version, unsigned int length);
FAKE_HIDDEN nvmlReturn_t fake_cuda_driver_version(int *version);

FAKE_HIDDEN nvmlReturn_t fake_device_count(unsigned int *count);
FAKE_HIDDEN nvmlReturn_t fake_handle_by_index(unsigned int index, nvmlDevice_t *device);

FAKE_HIDDEN nvmlReturn_t fake_name(nvmlDevice_t device, char *name, unsigned int length);
FAKE_HIDDEN nvmlReturn_t fake_uuid(nvmlDevice_t device, char *uuid, unsigned int length);
FAKE_HIDDEN nvmlReturn_t fake_serial(nvmlDevice_t device, char *serial, unsigned int length);
FAKE_HIDDEN nvmlReturn_t fake_pci_info(nvmlDevice_t device, nvmlPciInfo_t *pci, fake_pci_layout layout);

FAKE_HIDDEN nvmlReturn_t fake_power_usage(nvmlDevice_t device, unsigned int *power);
FAKE_HIDDEN nvmlReturn_t fake_total_energy(nvmlDevice_t device, unsigned long long *energy);
FAKE_HIDDEN nvmlReturn_t fake_enforced_limit(nvmlDevice_t device, unsigned int *limit);
FAKE_HIDDEN nvmlReturn_t fake_management_limit(nvmlDevice_t device, unsigned int *limit);
FAKE_HIDDEN nvmlReturn_t fake_limit_constraints(nvmlDevice_t device, unsigned int *minLimit, unsigned int *maxLimit);
FAKE_HIDDEN nvmlReturn_t fake_default_limit(nvmlDevice_t device, unsigned int *defaultLimit);
FAKE_HIDDEN nvmlReturn_t fake_set_limit(nvmlDevice_t device, unsigned int limit);

FAKE_HIDDEN nvmlReturn_t fake_temperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensor, unsigned int *temp);
FAKE_HIDDEN nvmlReturn_t fake_temperature_threshold(nvmlDevice_t device, nvmlTemperatureThresholds_t type,
                                                    unsigned int *temp);
FAKE_HIDDEN nvmlReturn_t fake_fan_speed(nvmlDevice_t device, unsigned int *speed);
FAKE_HIDDEN nvmlReturn_t fake_num_fans(nvmlDevice_t device, unsigned int *numFans);
FAKE_HIDDEN nvmlReturn_t fake_fan_speed_rpm(nvmlDevice_t device, nvmlFanSpeedInfo_t *fanSpeed);
FAKE_HIDDEN nvmlReturn_t fake_utilization(nvmlDevice_t device, nvmlUtilization_t *utilization);
FAKE_HIDDEN nvmlReturn_t fake_memory_v1(nvmlDevice_t device, nvmlMemory_t *memory);
FAKE_HIDDEN nvmlReturn_t fake_memory_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory);
FAKE_HIDDEN nvmlReturn_t fake_clock(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock);
FAKE_HIDDEN nvmlReturn_t fake_max_clock(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock);
FAKE_HIDDEN nvmlReturn_t fake_pstate(nvmlDevice_t device, nvmlPstates_t *pState);
FAKE_HIDDEN nvmlReturn_t fake_clock_reasons(nvmlDevice_t device, unsigned long long *reasons);
FAKE_HIDDEN nvmlReturn_t fake_supported_clock_reasons(nvmlDevice_t device, unsigned long long *reasons);
FAKE_HIDDEN nvmlReturn_t fake_persistence(nvmlDevice_t device, nvmlEnableState_t *mode);

/* Test hook: makes GPU `index` fall off the bus (lost != 0) or come back, while the library is in use. */
FAKE_HIDDEN int fake_set_lost(unsigned int index, int lost);

#endif /* FAKE_NVML_CORE_H */
