"""parlour.datasets: see DESIGN.md; filled by later issues."""
