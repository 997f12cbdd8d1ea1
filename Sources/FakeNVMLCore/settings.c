/*
 * Where a FakeNVML instance takes its settings from, and the set-call journal.
 *
 * Settings come from "<this library's file>.conf" when that file exists (tests copy the library
 * into a folder of their own and write the file beside it, so parallel tests never share state),
 * else from the environment:
 *   FAKE_NVML_FIXTURE            colon-separated GPU fixture files (unset: "driver not loaded")
 *   FAKE_NVML_JOURNAL            file that every set call is appended to (and replayed from at init)
 *   FAKE_NVML_LOST               comma-separated GPU indices that have fallen off the bus
 *   FAKE_NVML_NO_PERMISSION      1: every set call fails with NVML_ERROR_NO_PERMISSION
 *   FAKE_NVML_DRIVER_NOT_LOADED  1: nvmlInit fails with NVML_ERROR_DRIVER_NOT_LOADED
 * The .conf file uses the same names in lower case without the prefix: "fixture = a.gpu".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fake_state.h"

long long fake_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void copy_setting(char *dst, size_t len, const char *value) {
    snprintf(dst, len, "%s", value ? value : "");
}

static int apply(fake_settings *s, const char *key, const char *value) {
    if (strcmp(key, "fixture") == 0) copy_setting(s->fixture, sizeof s->fixture, value);
    else if (strcmp(key, "journal") == 0) copy_setting(s->journal, sizeof s->journal, value);
    else if (strcmp(key, "lost") == 0) copy_setting(s->lost, sizeof s->lost, value);
    else if (strcmp(key, "no_permission") == 0) s->no_permission = strcmp(value, "1") == 0;
    else if (strcmp(key, "driver_not_loaded") == 0) s->driver_not_loaded = strcmp(value, "1") == 0;
    else return 0;
    return 1;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

/* Returns 1 when settings were read, 0 with `error` set when the .conf file is malformed. */
int fake_read_settings(fake_settings *s, char *error, size_t errlen) {
    memset(s, 0, sizeof *s);
    Dl_info info;
    char conf[FAKE_PATH + 8] = "";
    if (dladdr((void *)&fake_read_settings, &info) && info.dli_fname)
        snprintf(conf, sizeof conf, "%s.conf", info.dli_fname);
    FILE *f = conf[0] ? fopen(conf, "r") : NULL;
    if (!f) {
        copy_setting(s->fixture, sizeof s->fixture, getenv("FAKE_NVML_FIXTURE"));
        copy_setting(s->journal, sizeof s->journal, getenv("FAKE_NVML_JOURNAL"));
        copy_setting(s->lost, sizeof s->lost, getenv("FAKE_NVML_LOST"));
        const char *np = getenv("FAKE_NVML_NO_PERMISSION");
        const char *dn = getenv("FAKE_NVML_DRIVER_NOT_LOADED");
        s->no_permission = np && strcmp(np, "1") == 0;
        s->driver_not_loaded = dn && strcmp(dn, "1") == 0;
        return 1;
    }
    char buf[FAKE_PATH * 4 + 64];
    int line = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        char *t = trim(buf);
        if (!*t || *t == '#') continue;
        char *eq = strchr(t, '=');
        if (eq) *eq = 0;
        if (!eq || !apply(s, trim(t), trim(eq + 1))) {
            snprintf(error, errlen, "%s:%d: expected fixture|journal|lost|no_permission|driver_not_loaded = value",
                     conf, line);
            fclose(f);
            return 0;
        }
    }
    fclose(f);
    return 1;
}

void fake_journal_append(const char *journal, const struct nvmlDevice_st *gpu, unsigned int mw, nvmlReturn_t rc) {
    if (!journal || !journal[0]) return;
    char line[256];
    int n = snprintf(line, sizeof line, "set_power_limit index=%u uuid=%s mw=%u rc=%d\n", gpu->index,
                     gpu->uuid.text, mw, (int)rc);
    int fd = open(journal, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    ssize_t written = write(fd, line, (size_t)n); /* one write per line: O_APPEND keeps lines whole */
    (void)written;
    close(fd);
}

/* Re-applies the successful set calls of earlier runs: a limit stays set like on a real driver. */
void fake_journal_replay(const char *journal, fake_fixture *fx) {
    if (!journal || !journal[0]) return;
    FILE *f = fopen(journal, "r");
    if (!f) return;
    char buf[512], uuid[FAKE_TEXT];
    unsigned int index, mw;
    int rc;
    while (fgets(buf, sizeof buf, f)) {
        if (sscanf(buf, "set_power_limit index=%u uuid=%95s mw=%u rc=%d", &index, uuid, &mw, &rc) != 4 || rc != 0)
            continue;
        for (unsigned int i = 0; i < fx->count; i++) {
            struct nvmlDevice_st *g = &fx->gpus[i];
            if (strcmp(g->uuid.text, uuid) == 0 && g->index == index) {
                g->management_limit_mw.value = mw;
                g->enforced_limit_mw.value = mw;
            }
        }
    }
    fclose(f);
}
