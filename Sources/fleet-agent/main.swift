print("fleet-agent")
