"""Running checks: the sandbox, the runner that starts one check process per topic, and the pytest plugin inside it."""
