"""Chance-corrected agreement coefficients, from statsmodels' `inter_rater` module.

statsmodels computes both coefficients from count tables, which is what agreement needs: Cohen's
kappa from a pair's confusion table (a few labels square, however many tokens), Fleiss' kappa from
per-token category counts. It is imported here only, when agreement is first computed (~1 s).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def cohen_kappa(table: Any) -> float | None:
    """Cohen's kappa of two raters' confusion table (rows: rater a, columns: rater b); None
    where it is undefined (every item in one category for both, or no items)."""
    from statsmodels.stats.inter_rater import cohens_kappa

    counts = np.asarray(table, dtype=np.float64)
    if counts.sum() == 0:
        return None
    with np.errstate(all="ignore"):
        kappa = float(cohens_kappa(counts, return_results=False))
    return None if math.isnan(kappa) or math.isinf(kappa) else kappa


def fleiss_kappa(table: Any) -> float | None:
    """Fleiss' kappa of items rated by the same number of raters (rows: items, columns:
    categories, cells: how many raters chose it); None where undefined."""
    from statsmodels.stats import inter_rater

    counts = np.asarray(table)
    if counts.size == 0 or counts.sum() == 0:
        return None
    with np.errstate(all="ignore"):
        kappa = float(inter_rater.fleiss_kappa(counts, method="fleiss"))
    return None if math.isnan(kappa) or math.isinf(kappa) else kappa
