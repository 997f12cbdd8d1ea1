enum NVMLPlaceholder {}
