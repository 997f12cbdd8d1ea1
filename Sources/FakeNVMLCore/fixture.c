/*
 * GPU fixture reader. Format (see Fixtures/gpus/README.md):
 *   # comment                      (whole-line comments only)
 *   driver_version = 590.48.01     (host keys before the first [gpu])
 *   [gpu]
 *   name = NVIDIA H100 80GB HBM3   (values in the units nvidia-smi prints: W, MiB, MHz, C, %)
 *   fan_pct = N/A                  (N/A: the getter returns NVML_ERROR_NOT_SUPPORTED)
 *   fan_rpm = 1650, 1702           (one whole number per fan; N/A: no RPM reading)
 * Every error names the file and the line.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_state.h"

typedef enum { K_TEXT, K_BUSID, K_HEX, K_WATTS, K_MIB, K_UINT, K_PSTATE, K_ENABLED, K_YESNO, K_RPM_LIST } key_kind;

typedef struct {
    const char *key;
    key_kind kind;
    size_t offset;
} key_spec;

#define GPU_KEY(k, kind, field) {k, kind, offsetof(struct nvmlDevice_st, field)}

static const key_spec gpu_keys[] = {
    GPU_KEY("name", K_TEXT, name),
    GPU_KEY("uuid", K_TEXT, uuid),
    GPU_KEY("serial", K_TEXT, serial),
    GPU_KEY("pci_bus_id", K_BUSID, has_pci),
    GPU_KEY("pci_device_id", K_HEX, pci_device_id),
    GPU_KEY("pci_subsystem_id", K_HEX, pci_subsystem_id),
    GPU_KEY("power_draw_w", K_WATTS, power_mw),
    GPU_KEY("power_limit_w", K_WATTS, management_limit_mw),
    GPU_KEY("enforced_power_limit_w", K_WATTS, enforced_limit_mw),
    GPU_KEY("default_power_limit_w", K_WATTS, default_limit_mw),
    GPU_KEY("min_power_limit_w", K_WATTS, min_limit_mw),
    GPU_KEY("max_power_limit_w", K_WATTS, max_limit_mw),
    GPU_KEY("energy_counter", K_YESNO, has_energy_counter),
    GPU_KEY("temp_c", K_UINT, temp_c),
    GPU_KEY("slowdown_temp_c", K_UINT, slowdown_c),
    GPU_KEY("shutdown_temp_c", K_UINT, shutdown_c),
    GPU_KEY("max_operating_temp_c", K_UINT, max_operating_c),
    GPU_KEY("fan_pct", K_UINT, fan_pct),
    GPU_KEY("fan_rpm", K_RPM_LIST, fan_count),
    GPU_KEY("util_gpu_pct", K_UINT, util_gpu),
    GPU_KEY("util_mem_pct", K_UINT, util_mem),
    GPU_KEY("mem_total_mib", K_MIB, mem_total),
    GPU_KEY("mem_reserved_mib", K_MIB, mem_reserved),
    GPU_KEY("mem_used_mib", K_MIB, mem_used),
    GPU_KEY("mem_free_mib", K_MIB, mem_free),
    GPU_KEY("graphics_clock_mhz", K_UINT, graphics_mhz),
    GPU_KEY("sm_clock_mhz", K_UINT, sm_mhz),
    GPU_KEY("mem_clock_mhz", K_UINT, mem_mhz),
    GPU_KEY("video_clock_mhz", K_UINT, video_mhz),
    GPU_KEY("max_graphics_clock_mhz", K_UINT, max_graphics_mhz),
    GPU_KEY("max_sm_clock_mhz", K_UINT, max_sm_mhz),
    GPU_KEY("max_mem_clock_mhz", K_UINT, max_mem_mhz),
    GPU_KEY("pstate", K_PSTATE, pstate),
    GPU_KEY("clocks_event_reasons", K_HEX, reasons),
    GPU_KEY("supported_clocks_event_reasons", K_HEX, supported_reasons),
    GPU_KEY("persistence_mode", K_ENABLED, persistence),
    GPU_KEY("lost", K_YESNO, lost),
    GPU_KEY("no_permission", K_YESNO, no_permission),
};

static const key_spec host_keys[] = {
    {"driver_version", K_TEXT, offsetof(fake_fixture, driver_version)},
    {"nvml_version", K_TEXT, offsetof(fake_fixture, nvml_version)},
    {"cuda_driver_version", K_UINT, offsetof(fake_fixture, cuda_version)},
    {"driver_not_loaded", K_YESNO, offsetof(fake_fixture, driver_not_loaded)},
};

static char *trim(char *s) {
    while (*s && isspace((unsigned char)*s)) s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1])) *--end = 0;
    return s;
}

static int parse_unsigned(const char *text, int base, unsigned long long *out) {
    if (!*text || *text == '-' || *text == '+') return 0;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(text, &end, base);
    if (errno || *end) return 0;
    *out = v;
    return 1;
}

/* A decimal number such as "631.95" scaled by `scale` and rounded (W -> mW, MiB -> bytes). */
static int parse_scaled(const char *text, double scale, unsigned long long *out) {
    if (!*text || *text == '-' || *text == '+') return 0;
    for (const char *p = text; *p; p++)
        if (!isdigit((unsigned char)*p) && *p != '.') return 0;
    errno = 0;
    char *end = NULL;
    double v = strtod(text, &end);
    if (errno || *end || !isfinite(v)) return 0;
    *out = (unsigned long long)llround(v * scale);
    return 1;
}

/* Accepts "00000000:17:00.0" (NVML) and "0000:17:00.0" (sysfs); the function must be 0. */
static int parse_bus_id(const char *text, struct nvmlDevice_st *gpu) {
    unsigned int domain, bus, device, function;
    char tail;
    if (sscanf(text, "%x:%x:%x.%x%c", &domain, &bus, &device, &function, &tail) != 4) return 0;
    if (bus > 0xff || device > 0x1f || function != 0) return 0;
    gpu->domain = domain;
    gpu->bus = bus;
    gpu->device = device;
    return 1;
}

static int set_value(const key_spec *spec, void *base, const char *value, char *why, size_t whylen) {
    char *field = (char *)base + spec->offset;
    int na = strcmp(value, "N/A") == 0;
    unsigned long long v = 0;
    switch (spec->kind) {
    case K_TEXT: {
        fake_text *t = (fake_text *)field;
        if (na) return t->present = 0, 1;
        if (strlen(value) >= FAKE_TEXT) return snprintf(why, whylen, "value longer than %d bytes", FAKE_TEXT - 1), 0;
        strcpy(t->text, value);
        t->present = 1;
        return 1;
    }
    case K_RPM_LIST: {
        struct nvmlDevice_st *gpu = (struct nvmlDevice_st *)base;
        gpu->fan_count = 0;
        if (na) return 1;
        char copy[256];
        if (strlen(value) >= sizeof copy) return snprintf(why, whylen, "fan_rpm list too long"), 0;
        strcpy(copy, value);
        char *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            t = trim(t);
            if (gpu->fan_count == FAKE_MAX_FANS)
                return snprintf(why, whylen, "more than %d fans in '%s'", FAKE_MAX_FANS, value), 0;
            if (!parse_unsigned(t, 10, &v) || v > 0xffffffffULL)
                return snprintf(why, whylen, "expected whole RPM numbers separated by commas, got '%s'", value), 0;
            gpu->fan_rpm[gpu->fan_count++] = (unsigned int)v;
        }
        if (gpu->fan_count == 0)
            return snprintf(why, whylen, "expected whole RPM numbers separated by commas, got '%s'", value), 0;
        return 1;
    }
    case K_BUSID:
        if (!parse_bus_id(value, (struct nvmlDevice_st *)base))
            return snprintf(why, whylen, "expected a PCI bus id such as 00000000:17:00.0, got '%s'", value), 0;
        *(int *)field = 1;
        return 1;
    case K_YESNO:
        if (strcmp(value, "yes") == 0) v = 1;
        else if (strcmp(value, "no") == 0 || na) v = 0;
        else return snprintf(why, whylen, "expected yes or no, got '%s'", value), 0;
        *(int *)field = (int)v;
        return 1;
    default:
        break;
    }
    fake_value *f = (fake_value *)field;
    if (na) return f->present = 0, 1;
    int ok = 0;
    switch (spec->kind) {
    case K_HEX:
        ok = strncmp(value, "0x", 2) == 0 && parse_unsigned(value + 2, 16, &v);
        if (!ok) snprintf(why, whylen, "expected a hex number such as 0x233010DE, got '%s'", value);
        break;
    case K_WATTS:
        ok = parse_scaled(value, 1000.0, &v);
        if (!ok) snprintf(why, whylen, "expected watts such as 631.95, got '%s'", value);
        break;
    case K_MIB:
        ok = parse_scaled(value, 1048576.0, &v);
        if (!ok) snprintf(why, whylen, "expected MiB such as 81559, got '%s'", value);
        break;
    case K_UINT:
        ok = parse_unsigned(value, 10, &v) && v <= 0xffffffffULL;
        if (!ok) snprintf(why, whylen, "expected a whole number, got '%s'", value);
        break;
    case K_PSTATE:
        ok = value[0] == 'P' && parse_unsigned(value + 1, 10, &v) && v <= 15;
        if (!ok) snprintf(why, whylen, "expected a P-state P0..P15, got '%s'", value);
        break;
    case K_ENABLED:
        ok = 1;
        if (strcmp(value, "Enabled") == 0) v = 1;
        else if (strcmp(value, "Disabled") == 0) v = 0;
        else ok = 0, snprintf(why, whylen, "expected Enabled or Disabled, got '%s'", value);
        break;
    default:
        break;
    }
    if (!ok) return 0;
    f->present = 1;
    f->value = v;
    return 1;
}

static const key_spec *find_key(const key_spec *table, size_t n, const char *key) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].key, key) == 0) return &table[i];
    return NULL;
}

static int finish_gpu(const char *path, int line, struct nvmlDevice_st *gpu, char *error, size_t errlen) {
    if (!gpu->uuid.present || !gpu->name.present) {
        snprintf(error, errlen, "%s:%d: the [gpu] section needs name and uuid", path, line);
        return 0;
    }
    return 1;
}

static int parse_file(const char *path, fake_fixture *fx, char *error, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(error, errlen, "%s: cannot open GPU fixture: %s", path, strerror(errno));
        return 0;
    }
    char buf[1024];
    int line = 0, section_line = 0;
    struct nvmlDevice_st *gpu = NULL;
    unsigned long long seen = 0; /* bitmask of keys seen in the current section */
    int ok = 1;
    while (ok && fgets(buf, sizeof buf, f)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            snprintf(error, errlen, "%s:%d: line longer than %zu bytes", path, line, sizeof buf - 2);
            ok = 0;
            break;
        }
        char *s = trim(buf);
        if (!*s || *s == '#') continue;
        if (*s == '[') {
            if (strcmp(s, "[gpu]") != 0) {
                snprintf(error, errlen, "%s:%d: unknown section '%s' (only [gpu])", path, line, s);
                ok = 0;
                break;
            }
            if (gpu && !finish_gpu(path, section_line, gpu, error, errlen)) {
                ok = 0;
                break;
            }
            if (fx->count >= FAKE_MAX_GPUS) {
                snprintf(error, errlen, "%s:%d: more than %d GPUs", path, line, FAKE_MAX_GPUS);
                ok = 0;
                break;
            }
            gpu = &fx->gpus[fx->count];
            memset(gpu, 0, sizeof *gpu);
            gpu->index = fx->count++;
            section_line = line;
            seen = 0;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(error, errlen, "%s:%d: expected 'key = value', got '%s'", path, line, s);
            ok = 0;
            break;
        }
        *eq = 0;
        char *key = trim(s), *value = trim(eq + 1);
        const key_spec *table = gpu ? gpu_keys : host_keys;
        size_t n = gpu ? sizeof gpu_keys / sizeof *gpu_keys : sizeof host_keys / sizeof *host_keys;
        const key_spec *spec = find_key(table, n, key);
        if (!spec) {
            snprintf(error, errlen, "%s:%d: unknown %s key '%s'", path, line, gpu ? "[gpu]" : "host", key);
            ok = 0;
            break;
        }
        unsigned long long bit = 1ULL << (spec - table);
        if (seen & bit) {
            snprintf(error, errlen, "%s:%d: key '%s' given twice", path, line, key);
            ok = 0;
            break;
        }
        seen |= bit;
        char why[256] = "";
        if (!set_value(spec, gpu ? (void *)gpu : (void *)fx, value, why, sizeof why)) {
            snprintf(error, errlen, "%s:%d: %s: %s", path, line, key, why);
            ok = 0;
        }
    }
    if (ok && ferror(f)) {
        snprintf(error, errlen, "%s: read error: %s", path, strerror(errno));
        ok = 0;
    }
    fclose(f);
    if (ok && gpu) ok = finish_gpu(path, section_line, gpu, error, errlen);
    return ok;
}

int fake_parse_fixtures(const char *paths, fake_fixture *fx, char *error, size_t errlen) {
    memset(fx, 0, sizeof *fx);
    char list[FAKE_PATH * 4];
    snprintf(list, sizeof list, "%s", paths);
    char *save = NULL;
    for (char *path = strtok_r(list, ":", &save); path; path = strtok_r(NULL, ":", &save)) {
        if (!parse_file(path, fx, error, errlen)) return 0;
    }
    return 1;
}
