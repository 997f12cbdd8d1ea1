/* CNVML is header-only: the NVML types shared by the Swift NVML module and FakeNVML. */
#include "cnvml.h"
