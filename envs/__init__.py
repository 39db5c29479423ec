"""parlour.envs: rules engines and their PettingZoo environments."""
