"""The foundation every layer uses: topics and the workshop root, targets, check results and feedback, integrity and the guard, offline mode, and the helpers topic code and checks import."""
