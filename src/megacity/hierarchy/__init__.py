"""The four-level hierarchy model (SIMULATION): behavioural model, global sensitivity, calibration, test bench.

``model``: officials' effort under two assessment systems, simulated in batches;
``sensitivity``: Sobol indices (SALib) with Monte Carlo errors; ``calibration``: pattern-oriented
ABC; ``testbench``: adoption panels with known mechanisms for chapter 21's estimators.
"""
from .model import (OUTCOMES, VARIED, BatchResult, HierarchyParams, SimResult, bass_pq_discrete, params_table,
                    scenario_table, simulate, simulate_batch)

__all__ = ["OUTCOMES", "VARIED", "BatchResult", "HierarchyParams", "SimResult", "bass_pq_discrete",
           "params_table", "scenario_table", "simulate", "simulate_batch"]
