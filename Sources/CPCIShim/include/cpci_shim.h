/*
 * CPCIShim: libpci enumeration behind one call, with libpci's error handler replaced.
 *
 * libpci's default error handler prints "pcilib: ..." and calls exit(1); it is never installed here:
 * cpci_scan sets its own handler (which records the message and longjmps back) before pci_init, so a
 * malformed dump or a broken sysfs tree becomes an error return, never an exit.
 */
#ifndef CPCI_SHIM_H
#define CPCI_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One PCI function, copied out of libpci (no libpci pointers cross into Swift). */
typedef struct {
    unsigned int domain;
    unsigned char bus, dev, func;
    unsigned short vendor_id, device_id;
    unsigned short device_class; /* base class << 8 | subclass, e.g. 0x0302 */
    unsigned char prog_if, rev_id;
    unsigned short subsys_vendor_id, subsys_id;
    char vendor_name[128]; /* from pci.ids; empty when unknown */
    char device_name[128];
    char driver[64];       /* kernel driver (sysfs only); empty when none or unknown */
} cpci_device;

typedef enum { CPCI_SOURCE_SYSFS = 0, CPCI_SOURCE_DUMP = 1 } cpci_source;

/*
 * Enumerates PCI functions from sysfs (`path` = the sysfs root such as /sys/bus/pci, or NULL for the
 * default) or from an `lspci -x` dump file. On success returns 0 and a malloc'ed array in *devices
 * (free with cpci_free); on failure returns -1 with libpci's message in `error`.
 */
int cpci_scan(cpci_source source, const char *path, cpci_device **devices, size_t *count, char *error,
              size_t error_length);

void cpci_free(cpci_device *devices);

#ifdef __cplusplus
}
#endif

#endif /* CPCI_SHIM_H */
