/*
 * FakeNVMLCore device model: replays a GPU fixture through the NVML calls.
 * A set power limit changes the enforced limit and the draw (draw = min(recorded draw, limit),
 * with the SwPowerCap clock-event reason while the limit bites); the energy counter grows with
 * the monotonic clock at the current draw, from 0 at nvmlInit (the fake's "driver load").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_state.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int refcount;
static fake_fixture fx;
static fake_settings settings;
static char fixture_error[FAKE_ERROR];
static char unknown_text[FAKE_ERROR + 64] = "Unknown Error";

static const char *error_texts[] = {
    "Success", "Uninitialized", "Invalid Argument", "Not Supported", "Insufficient Permissions",
    "Already Initialized", "Not Found", "Insufficient Size", "Insufficient External Power", "Driver Not Loaded",
    "Timeout", "Interrupt request issue", "NVML Shared Library Not Found", "Function Not Found",
    "Corrupted infoROM", "GPU is lost", "GPU requires restart",
    "The operating system has blocked the request.", "RM has detected an NVML/RM version mismatch.",
    "In use by another client", "Insufficient Memory", "No data",
    "The requested vgpu operation is not available on target device, becasue ECC is enabled",
    "Insufficient resources", "Frequency not supported", "Argument version mismatch",
    "Requested functionality has been deprecated", "System is not ready for the request", "No GPUs were found",
    "Resource not in correct state to perform requested operation",
};

const char *fake_error_string(nvmlReturn_t result) {
    if ((unsigned int)result < sizeof error_texts / sizeof *error_texts) return error_texts[result];
    if (result == NVML_ERROR_UNKNOWN) return unknown_text;
    return "Unknown Error";
}

static void mark_lost(const char *list) {
    char copy[256];
    snprintf(copy, sizeof copy, "%s", list);
    char *save = NULL;
    for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        char *end = NULL;
        unsigned long i = strtoul(t, &end, 10);
        if (!*end && i < fx.count) fx.gpus[i].lost = 1;
    }
}

nvmlReturn_t fake_init(unsigned int flags) {
    (void)flags;
    nvmlReturn_t rc = NVML_SUCCESS;
    pthread_mutex_lock(&lock);
    if (refcount == 0) {
        fixture_error[0] = 0;
        if (!fake_read_settings(&settings, fixture_error, sizeof fixture_error)) {
            rc = NVML_ERROR_UNKNOWN;
        } else if (settings.driver_not_loaded || !settings.fixture[0]) {
            rc = NVML_ERROR_DRIVER_NOT_LOADED;
        } else if (!fake_parse_fixtures(settings.fixture, &fx, fixture_error, sizeof fixture_error)) {
            rc = NVML_ERROR_UNKNOWN;
        } else if (fx.driver_not_loaded) {
            rc = NVML_ERROR_DRIVER_NOT_LOADED;
        } else {
            mark_lost(settings.lost);
            fake_journal_replay(settings.journal, &fx);
            long long now = fake_now_ms();
            for (unsigned int i = 0; i < fx.count; i++) {
                fx.gpus[i].no_permission |= settings.no_permission;
                fx.gpus[i].energy_mj = 0;
                fx.gpus[i].energy_t_ms = now;
            }
        }
        if (rc == NVML_ERROR_UNKNOWN)
            snprintf(unknown_text, sizeof unknown_text, "Unknown Error (FakeNVML: %s)", fixture_error);
    }
    if (rc == NVML_SUCCESS) refcount++;
    pthread_mutex_unlock(&lock);
    return rc;
}

int fake_set_lost(unsigned int index, int lost) {
    pthread_mutex_lock(&lock);
    int ok = index < fx.count;
    if (ok) fx.gpus[index].lost = lost != 0;
    pthread_mutex_unlock(&lock);
    return ok ? 0 : -1;
}

nvmlReturn_t fake_shutdown(void) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t rc = refcount > 0 ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
    if (refcount > 0) refcount--;
    pthread_mutex_unlock(&lock);
    return rc;
}

static nvmlReturn_t copy_text(const fake_text *t, char *out, unsigned int length) {
    if (!out) return NVML_ERROR_INVALID_ARGUMENT;
    if (!t->present) return NVML_ERROR_NOT_SUPPORTED;
    size_t n = strlen(t->text);
    if (n + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    memcpy(out, t->text, n + 1);
    return NVML_SUCCESS;
}

nvmlReturn_t fake_driver_version(char *version, unsigned int length) {
    if (refcount == 0) return NVML_ERROR_UNINITIALIZED;
    return copy_text(&fx.driver_version, version, length);
}

nvmlReturn_t fake_nvml_version(char *version, unsigned int length) {
    if (refcount == 0) return NVML_ERROR_UNINITIALIZED;
    return copy_text(&fx.nvml_version, version, length);
}

nvmlReturn_t fake_cuda_driver_version(int *version) {
    if (!version) return NVML_ERROR_INVALID_ARGUMENT;
    if (!fx.cuda_version.present) return NVML_ERROR_NOT_SUPPORTED;
    *version = (int)fx.cuda_version.value;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_device_count(unsigned int *count) {
    if (refcount == 0) return NVML_ERROR_UNINITIALIZED;
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    *count = fx.count;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_handle_by_index(unsigned int index, nvmlDevice_t *device) {
    if (refcount == 0) return NVML_ERROR_UNINITIALIZED;
    if (!device || index >= fx.count) return NVML_ERROR_INVALID_ARGUMENT;
    if (fx.gpus[index].lost) return NVML_ERROR_GPU_IS_LOST;
    *device = &fx.gpus[index];
    return NVML_SUCCESS;
}

/* Validates a handle; returns NVML_SUCCESS or the error for the call. */
static nvmlReturn_t check(nvmlDevice_t device, const void *out) {
    if (refcount == 0) return NVML_ERROR_UNINITIALIZED;
    if (!out || device < &fx.gpus[0] || device >= &fx.gpus[fx.count]) return NVML_ERROR_INVALID_ARGUMENT;
    if (device->lost) return NVML_ERROR_GPU_IS_LOST;
    return NVML_SUCCESS;
}

#define CHECK(device, out)                          \
    do {                                            \
        nvmlReturn_t check_rc = check(device, out); \
        if (check_rc != NVML_SUCCESS) return check_rc; \
    } while (0)

static nvmlReturn_t get_u32(nvmlDevice_t device, const fake_value *v, unsigned int *out) {
    CHECK(device, out);
    if (!v->present) return NVML_ERROR_NOT_SUPPORTED;
    *out = (unsigned int)v->value;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_name(nvmlDevice_t device, char *name, unsigned int length) {
    CHECK(device, name);
    return copy_text(&device->name, name, length);
}

nvmlReturn_t fake_uuid(nvmlDevice_t device, char *uuid, unsigned int length) {
    CHECK(device, uuid);
    return copy_text(&device->uuid, uuid, length);
}

nvmlReturn_t fake_serial(nvmlDevice_t device, char *serial, unsigned int length) {
    CHECK(device, serial);
    return copy_text(&device->serial, serial, length);
}

nvmlReturn_t fake_pci_info(nvmlDevice_t device, nvmlPciInfo_t *pci, fake_pci_layout layout) {
    CHECK(device, pci);
    if (!device->has_pci) return NVML_ERROR_NOT_SUPPORTED;
    /* The legacy (v1/v2) struct is busId[16], domain, bus, device, pciDeviceId, pciSubSystemId and four
     * reserved words: 52 bytes. Its first 36 bytes coincide with the current layout. */
    unsigned char *raw = (unsigned char *)pci;
    memset(raw, 0, layout == FAKE_PCI_V1 ? 52 : sizeof *pci);
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04X:%02X:%02X.0", device->domain & 0xffff, device->bus,
             device->device);
    pci->domain = device->domain;
    pci->bus = device->bus;
    pci->device = device->device;
    pci->pciDeviceId = (unsigned int)device->pci_device_id.value;
    pci->pciSubSystemId = (unsigned int)device->pci_subsystem_id.value;
    if (layout == FAKE_PCI_V3)
        snprintf(pci->busId, sizeof pci->busId, "%08X:%02X:%02X.0", device->domain, device->bus, device->device);
    return NVML_SUCCESS;
}

/* The draw in mW: the recorded draw, held down to the enforced limit. Caller holds the lock. */
static unsigned long long draw_mw(const struct nvmlDevice_st *g) {
    unsigned long long demand = g->power_mw.value;
    if (g->enforced_limit_mw.present && demand > g->enforced_limit_mw.value) return g->enforced_limit_mw.value;
    return demand;
}

/* Brings the energy register up to now at the current draw. Caller holds the lock. */
static void accumulate(struct nvmlDevice_st *g) {
    long long now = fake_now_ms();
    g->energy_mj += (double)draw_mw(g) * (double)(now - g->energy_t_ms) / 1000.0;
    g->energy_t_ms = now;
}

nvmlReturn_t fake_power_usage(nvmlDevice_t device, unsigned int *power) {
    CHECK(device, power);
    if (!device->power_mw.present) return NVML_ERROR_NOT_SUPPORTED;
    pthread_mutex_lock(&lock);
    *power = (unsigned int)draw_mw(device);
    pthread_mutex_unlock(&lock);
    return NVML_SUCCESS;
}

nvmlReturn_t fake_total_energy(nvmlDevice_t device, unsigned long long *energy) {
    CHECK(device, energy);
    if (!device->has_energy_counter || !device->power_mw.present) return NVML_ERROR_NOT_SUPPORTED;
    pthread_mutex_lock(&lock);
    accumulate(device);
    *energy = (unsigned long long)device->energy_mj;
    pthread_mutex_unlock(&lock);
    return NVML_SUCCESS;
}

nvmlReturn_t fake_enforced_limit(nvmlDevice_t device, unsigned int *limit) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t rc = get_u32(device, &device->enforced_limit_mw, limit);
    pthread_mutex_unlock(&lock);
    return rc;
}

nvmlReturn_t fake_management_limit(nvmlDevice_t device, unsigned int *limit) {
    pthread_mutex_lock(&lock);
    nvmlReturn_t rc = get_u32(device, &device->management_limit_mw, limit);
    pthread_mutex_unlock(&lock);
    return rc;
}

nvmlReturn_t fake_limit_constraints(nvmlDevice_t device, unsigned int *minLimit, unsigned int *maxLimit) {
    CHECK(device, minLimit);
    CHECK(device, maxLimit);
    if (!device->min_limit_mw.present || !device->max_limit_mw.present) return NVML_ERROR_NOT_SUPPORTED;
    *minLimit = (unsigned int)device->min_limit_mw.value;
    *maxLimit = (unsigned int)device->max_limit_mw.value;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_default_limit(nvmlDevice_t device, unsigned int *defaultLimit) {
    return get_u32(device, &device->default_limit_mw, defaultLimit);
}

nvmlReturn_t fake_set_limit(nvmlDevice_t device, unsigned int limit) {
    nvmlReturn_t rc = check(device, device);
    if (rc == NVML_ERROR_INVALID_ARGUMENT || rc == NVML_ERROR_UNINITIALIZED) return rc;
    pthread_mutex_lock(&lock);
    if (rc != NVML_SUCCESS) {
        /* lost: journaled below */
    } else if (!device->management_limit_mw.present || !device->min_limit_mw.present ||
               !device->max_limit_mw.present) {
        rc = NVML_ERROR_NOT_SUPPORTED;
    } else if (device->no_permission) {
        rc = NVML_ERROR_NO_PERMISSION;
    } else if (limit < device->min_limit_mw.value || limit > device->max_limit_mw.value) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else {
        if (device->has_energy_counter) accumulate(device);
        device->management_limit_mw.value = limit;
        device->enforced_limit_mw.value = limit;
        device->enforced_limit_mw.present = 1;
    }
    fake_journal_append(settings.journal, device, limit, rc);
    pthread_mutex_unlock(&lock);
    return rc;
}

nvmlReturn_t fake_temperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensor, unsigned int *temp) {
    if (sensor != NVML_TEMPERATURE_GPU) return NVML_ERROR_INVALID_ARGUMENT;
    return get_u32(device, &device->temp_c, temp);
}

nvmlReturn_t fake_temperature_threshold(nvmlDevice_t device, nvmlTemperatureThresholds_t type, unsigned int *temp) {
    switch (type) {
    case NVML_TEMPERATURE_THRESHOLD_SHUTDOWN: return get_u32(device, &device->shutdown_c, temp);
    case NVML_TEMPERATURE_THRESHOLD_SLOWDOWN: return get_u32(device, &device->slowdown_c, temp);
    case NVML_TEMPERATURE_THRESHOLD_GPU_MAX: return get_u32(device, &device->max_operating_c, temp);
    default: {
        CHECK(device, temp);
        return NVML_ERROR_NOT_SUPPORTED;
    }
    }
}

nvmlReturn_t fake_fan_speed(nvmlDevice_t device, unsigned int *speed) {
    return get_u32(device, &device->fan_pct, speed);
}

/* A board with recorded fan RPMs has that many fans; one with only a fan percentage has one fan whose RPM the
 * driver does not give; a board without fans (SXM) answers NOT_SUPPORTED, as nvml.h documents. */
nvmlReturn_t fake_num_fans(nvmlDevice_t device, unsigned int *numFans) {
    CHECK(device, numFans);
    if (device->fan_count > 0) {
        *numFans = device->fan_count;
        return NVML_SUCCESS;
    }
    if (!device->fan_pct.present) return NVML_ERROR_NOT_SUPPORTED;
    *numFans = 1;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_fan_speed_rpm(nvmlDevice_t device, nvmlFanSpeedInfo_t *fanSpeed) {
    CHECK(device, fanSpeed);
    if (fanSpeed->version != nvmlFanSpeedInfo_v1) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    if (device->fan_count == 0) return NVML_ERROR_NOT_SUPPORTED;
    if (fanSpeed->fan >= device->fan_count) return NVML_ERROR_INVALID_ARGUMENT;
    fanSpeed->speed = device->fan_rpm[fanSpeed->fan];
    return NVML_SUCCESS;
}

nvmlReturn_t fake_utilization(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    CHECK(device, utilization);
    if (!device->util_gpu.present || !device->util_mem.present) return NVML_ERROR_NOT_SUPPORTED;
    utilization->gpu = (unsigned int)device->util_gpu.value;
    utilization->memory = (unsigned int)device->util_mem.value;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_memory_v1(nvmlDevice_t device, nvmlMemory_t *memory) {
    CHECK(device, memory);
    if (!device->mem_total.present || !device->mem_used.present || !device->mem_free.present)
        return NVML_ERROR_NOT_SUPPORTED;
    memory->total = device->mem_total.value;
    memory->free = device->mem_free.value;
    memory->used = device->mem_used.value + device->mem_reserved.value; /* v1 "used" includes reserved */
    return NVML_SUCCESS;
}

nvmlReturn_t fake_memory_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    CHECK(device, memory);
    if (memory->version != nvmlMemory_v2) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    if (!device->mem_total.present || !device->mem_used.present || !device->mem_free.present)
        return NVML_ERROR_NOT_SUPPORTED;
    memory->total = device->mem_total.value;
    memory->reserved = device->mem_reserved.value;
    memory->free = device->mem_free.value;
    memory->used = device->mem_used.value;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_clock(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) {
    switch (type) {
    case NVML_CLOCK_GRAPHICS: return get_u32(device, &device->graphics_mhz, clock);
    case NVML_CLOCK_SM: return get_u32(device, &device->sm_mhz, clock);
    case NVML_CLOCK_MEM: return get_u32(device, &device->mem_mhz, clock);
    case NVML_CLOCK_VIDEO: return get_u32(device, &device->video_mhz, clock);
    default: return NVML_ERROR_INVALID_ARGUMENT;
    }
}

nvmlReturn_t fake_max_clock(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) {
    switch (type) {
    case NVML_CLOCK_GRAPHICS: return get_u32(device, &device->max_graphics_mhz, clock);
    case NVML_CLOCK_SM: return get_u32(device, &device->max_sm_mhz, clock);
    case NVML_CLOCK_MEM: return get_u32(device, &device->max_mem_mhz, clock);
    default: {
        CHECK(device, clock);
        return NVML_ERROR_NOT_SUPPORTED;
    }
    }
}

nvmlReturn_t fake_pstate(nvmlDevice_t device, nvmlPstates_t *pState) {
    CHECK(device, pState);
    *pState = device->pstate.present ? (nvmlPstates_t)device->pstate.value : NVML_PSTATE_UNKNOWN;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_clock_reasons(nvmlDevice_t device, unsigned long long *reasons) {
    CHECK(device, reasons);
    if (!device->reasons.present) return NVML_ERROR_NOT_SUPPORTED;
    pthread_mutex_lock(&lock);
    unsigned long long r = device->reasons.value;
    if (device->power_mw.present && draw_mw(device) < device->power_mw.value)
        r |= (unsigned long long)nvmlClocksEventReasonSwPowerCap;
    pthread_mutex_unlock(&lock);
    *reasons = r;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_supported_clock_reasons(nvmlDevice_t device, unsigned long long *reasons) {
    CHECK(device, reasons);
    if (!device->supported_reasons.present) return NVML_ERROR_NOT_SUPPORTED;
    *reasons = device->supported_reasons.value;
    return NVML_SUCCESS;
}

nvmlReturn_t fake_persistence(nvmlDevice_t device, nvmlEnableState_t *mode) {
    CHECK(device, mode);
    if (!device->persistence.present) return NVML_ERROR_NOT_SUPPORTED;
    *mode = device->persistence.value ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    return NVML_SUCCESS;
}
