/* FakeNVMLOld: libFakeNVMLOld.so, FakeNVML with only the unversioned NVML exports (an "old driver"). */
#ifndef FAKE_NVML_OLD_H
#define FAKE_NVML_OLD_H

#include "fake_nvml_api.h"

#endif /* FAKE_NVML_OLD_H */
