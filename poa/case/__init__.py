"""The case: its model, the reason catalogue, metrics, and case files in and out."""
