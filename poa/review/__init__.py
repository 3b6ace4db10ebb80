"""Review: the checker that reads a plan as a strict reviewer would."""
