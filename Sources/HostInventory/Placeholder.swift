enum HostInventoryPlaceholder {}
