int fake_nvml_placeholder(void) { return 0; }
