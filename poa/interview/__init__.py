"""The interview: questions as data, answers parsed, the draft file, and the terminal wizard."""
