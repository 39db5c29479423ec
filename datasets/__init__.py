"""parlour.datasets: reference-data loaders and converters (WereBench boards so far)."""
