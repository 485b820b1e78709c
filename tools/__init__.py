"""Developer tools: screenshots and a virtual screen, shared by tests and benchmarks."""
