print("fleet-bench")
