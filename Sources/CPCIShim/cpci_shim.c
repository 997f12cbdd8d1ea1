/* CPCIShim: see cpci_shim.h. */
#include "cpci_shim.h"

#include <pci/pci.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpci keeps no global state, but one scan at a time keeps the handler plumbing simple. */
static pthread_mutex_t scan_lock = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf *scan_jump;
static char scan_error[512];

/* Replaces libpci's exit(1): records the message and jumps back into cpci_scan. */
static void __attribute__((noreturn, format(printf, 1, 2))) on_error(char *message, ...) {
    va_list args;
    va_start(args, message);
    vsnprintf(scan_error, sizeof scan_error, message, args);
    va_end(args);
    longjmp(*scan_jump, 1);
}

static void __attribute__((format(printf, 1, 2))) on_warning(char *message, ...) { (void)message; }

static void copy_name(char *out, size_t size, const char *name) { snprintf(out, size, "%s", name ? name : ""); }

static size_t count_devices(struct pci_access *a) {
    size_t n = 0;
    for (struct pci_dev *d = a->devices; d; d = d->next) n++;
    return n;
}

static void fill(struct pci_access *a, struct pci_dev *d, cpci_device *out, int sysfs) {
    int flags = PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT | PCI_FILL_SUBSYS;
#ifdef PCI_FILL_DRIVER
    if (sysfs) flags |= PCI_FILL_DRIVER;
#endif
    pci_fill_info(d, flags);
    memset(out, 0, sizeof *out);
    out->domain = (unsigned int)d->domain;
    out->bus = d->bus;
    out->dev = d->dev;
    out->func = d->func;
    out->vendor_id = d->vendor_id;
    out->device_id = d->device_id;
    out->device_class = d->device_class;
    out->prog_if = d->prog_if;
    out->rev_id = d->rev_id;
    out->subsys_vendor_id = d->subsys_vendor_id;
    out->subsys_id = d->subsys_id;
    char name[256];
    int lookup = PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB;
    copy_name(out->vendor_name, sizeof out->vendor_name,
              pci_lookup_name(a, name, sizeof name, lookup | PCI_LOOKUP_VENDOR, d->vendor_id));
    copy_name(out->device_name, sizeof out->device_name,
              pci_lookup_name(a, name, sizeof name, lookup | PCI_LOOKUP_DEVICE, d->vendor_id, d->device_id));
#ifdef PCI_FILL_DRIVER
    if (sysfs) copy_name(out->driver, sizeof out->driver, pci_get_string_property(d, PCI_FILL_DRIVER));
#endif
}

int cpci_scan(cpci_source source, const char *path, cpci_device **devices, size_t *count, char *error,
              size_t error_length) {
    *devices = NULL;
    *count = 0;
    pthread_mutex_lock(&scan_lock);
    jmp_buf jump;
    struct pci_access *volatile a = NULL;
    cpci_device *volatile result = NULL;
    scan_error[0] = 0;
    scan_jump = &jump;
    if (setjmp(jump)) {
        /* libpci failed part-way: the half-initialised access is leaked on purpose (cleanup may fail too). */
        free(result);
        snprintf(error, error_length, "%s", scan_error[0] ? scan_error : "libpci failed");
        scan_jump = NULL;
        pthread_mutex_unlock(&scan_lock);
        return -1;
    }
    a = pci_alloc();
    if (!a) longjmp(jump, 1);
    a->error = on_error; /* before pci_init, so libpci never installs its exiting handler */
    a->warning = on_warning;
    a->debug = on_warning;
    if (source == CPCI_SOURCE_DUMP) {
        a->method = PCI_ACCESS_DUMP;
        pci_set_param(a, "dump.name", (char *)path);
    } else {
        a->method = PCI_ACCESS_SYS_BUS_PCI;
        if (path) pci_set_param(a, "sysfs.path", (char *)path);
    }
    pci_init(a);
    pci_scan_bus(a);
    size_t n = count_devices(a);
    result = calloc(n ? n : 1, sizeof(cpci_device));
    if (!result) on_error("out of memory for %zu devices", n);
    size_t i = 0;
    for (struct pci_dev *d = a->devices; d; d = d->next) fill(a, d, &result[i++], source == CPCI_SOURCE_SYSFS);
    pci_cleanup(a);
    scan_jump = NULL;
    pthread_mutex_unlock(&scan_lock);
    *devices = result;
    *count = n;
    return 0;
}

void cpci_free(cpci_device *devices) { free(devices); }
