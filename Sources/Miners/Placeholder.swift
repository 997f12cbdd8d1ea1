enum MinersPlaceholder {}
