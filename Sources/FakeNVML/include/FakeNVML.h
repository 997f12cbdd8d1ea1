int fake_nvml_placeholder(void);
