"""What a learner runs: the results report, hints, watch mode and the environment doctor."""
