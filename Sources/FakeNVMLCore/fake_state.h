/* FakeNVMLCore internal state: one GPU record per fixture [gpu] section. */
#ifndef FAKE_STATE_H
#define FAKE_STATE_H

#include <pthread.h>
#include "fake_nvml_core.h"

#define FAKE_MAX_GPUS 64
#define FAKE_TEXT 96
#define FAKE_PATH 1024
#define FAKE_ERROR 1200
#define FAKE_MAX_FANS 8

/* A fixture value that may be "N/A" (the getter then returns NVML_ERROR_NOT_SUPPORTED). */
typedef struct {
    int present;
    unsigned long long value;
} fake_value;

typedef struct {
    int present;
    char text[FAKE_TEXT];
} fake_text;

struct nvmlDevice_st {
    unsigned int index;
    fake_text name, uuid, serial;
    int has_pci;
    unsigned int domain, bus, device;
    fake_value pci_device_id, pci_subsystem_id;
    /* Power in mW; the demand is the recorded draw, the draw is min(demand, enforced limit). */
    fake_value power_mw, management_limit_mw, enforced_limit_mw, default_limit_mw, min_limit_mw, max_limit_mw;
    int has_energy_counter; /* the board has a total-energy counter (Volta+) */
    fake_value temp_c, slowdown_c, shutdown_c, max_operating_c;
    fake_value fan_pct, util_gpu, util_mem;
    unsigned int fan_count; /* fans with a recorded RPM (fan_rpm); 0 when N/A */
    unsigned int fan_rpm[FAKE_MAX_FANS];
    fake_value mem_total, mem_reserved, mem_used, mem_free; /* bytes */
    fake_value graphics_mhz, sm_mhz, mem_mhz, video_mhz, max_graphics_mhz, max_sm_mhz, max_mem_mhz;
    fake_value pstate, reasons, supported_reasons, persistence;
    int lost, no_permission;
    /* Dynamic state. */
    double energy_mj;   /* accumulated up to energy_t_ms */
    long long energy_t_ms;
};

typedef struct {
    fake_text driver_version, nvml_version;
    fake_value cuda_version;
    int driver_not_loaded;
    unsigned int count;
    struct nvmlDevice_st gpus[FAKE_MAX_GPUS];
} fake_fixture;

/* Settings for one initialisation: from "<library file>.conf" if present, else the environment. */
typedef struct {
    char fixture[FAKE_PATH * 4]; /* colon-separated fixture files */
    char journal[FAKE_PATH];
    char lost[256];              /* comma-separated GPU indices */
    int no_permission;
    int driver_not_loaded;
} fake_settings;

FAKE_HIDDEN int fake_read_settings(fake_settings *settings, char *error, size_t errlen);
FAKE_HIDDEN int fake_parse_fixtures(const char *paths, fake_fixture *fixture, char *error, size_t errlen);
FAKE_HIDDEN void fake_journal_replay(const char *journal, fake_fixture *fixture);
FAKE_HIDDEN void fake_journal_append(const char *journal, const struct nvmlDevice_st *gpu, unsigned int mw,
                                     nvmlReturn_t rc);
FAKE_HIDDEN long long fake_now_ms(void);

#endif /* FAKE_STATE_H */
