"""The contact-centre simulator: a digital twin of one centre where an assistant takes most chats.

A scenario (`scenario.py`, YAML) describes arrivals, the assistant, people on shifts, customers
and costs; `engine.simulate` runs it day by day from one seed and returns the metric dictionary's
contact table (`ridgeline.metrics`) with run details; `series.py` gives per-interval series and the
flat event log; `report.py` the headline figures, exports and plots; `sweep.py` grids of levers
and the cost-satisfaction frontier; `erlang.py` the Erlang C and A formulas the engine is checked
against. No web or database imports: see docs/simulation.md.
"""

from ridgeline.simulation.engine import SimulationResult, simulate
from ridgeline.simulation.scenario import Scenario, load_scenario

__all__ = ["Scenario", "SimulationResult", "load_scenario", "simulate"]
