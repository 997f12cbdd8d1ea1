/*
 * FakeNVML: libFakeNVML.so (SONAME libnvidia-ml.so.1), a test double of NVIDIA's NVML library that
 * replays GPU fixtures (Fixtures/gpus/). It exports the NVML entry points declared in
 * fake_nvml_api.h, versioned and unversioned; libFakeNVMLOld.so exports only the unversioned ones
 * (an "old driver"). Load it with dlopen; settings are described in FakeNVMLCore/settings.c.
 */
#ifndef FAKE_NVML_H
#define FAKE_NVML_H

#include "fake_nvml_api.h"

/* Test hook, not part of NVML: GPU `index` falls off the bus (lost != 0) or comes back. */
int fakeNvmlSetLost(unsigned int index, int lost);

#endif /* FAKE_NVML_H */
