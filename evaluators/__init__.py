"""parlour.evaluators: see DESIGN.md; filled by later issues."""
