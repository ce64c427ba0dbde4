"""Building the course from the reference: stubs, the learner release, slides, the nbgrader course and notebooks, and the authoring self-tests."""
