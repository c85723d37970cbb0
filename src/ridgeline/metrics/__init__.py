"""The metric dictionary: one definition of each service metric, shared by simulator and production.

`table` holds the flat contact table the metrics read; `definitions` the quality metrics;
`costs` the cost model and cost metrics; `breakdowns` slices and the headline figures.
"""

from ridgeline.metrics.breakdowns import SLICES, breakdown, headline
from ridgeline.metrics.costs import CostModel
from ridgeline.metrics.table import PATHS, Categorical, ContactTable

__all__ = ["PATHS", "SLICES", "Categorical", "ContactTable", "CostModel", "breakdown", "headline"]
