"""parlour.envs.vsbench: see DESIGN.md; filled by later issues."""
