"""Policy diffusion: adoption tables, risk sets, Bass models, hazard models and the four cities.

The subpackage keeps the models apart from the data plumbing, one module per concern:

* :mod:`.adoption` -- adoption tables and crosswalks (who adopted when: COVID-19 orders, dual-carbon
  strategies, low-carbon pilot designations);
* :mod:`.riskset` -- unit-period risk sets and the time-varying exposures (same-province share,
  neighbours within a radius or on polygon contiguity), spatial clustering of adoption timing;
* :mod:`.bass` -- the Bass family: the classic model, the Generalized Bass model with a dated push,
  the two-segment (mixed-influence) model, and the m-choice and bias studies;
* :mod:`.hazard` -- discrete-time hazard models: pooled GLM, stratified (conditional logit),
  within-stratum permutation tests, wild cluster bootstrap, the directed-dyad model;
* :mod:`.cases` -- the four cities of Li & Fang (2018) and their place in the three timelines.

Every public name is re-exported here, so ``from megacity.diffusion import fit_bass_ml`` works as
before the split.
"""
from __future__ import annotations

from .adoption import *  # noqa: F401,F403
from .adoption import __all__ as _a
from .bass import *  # noqa: F401,F403
from .bass import __all__ as _b
from .bass import _bass_ml_batch, _bass_nll_batch  # noqa: F401  (used by tests of the batched solver)
from .cases import *  # noqa: F401,F403
from .cases import __all__ as _c
from .hazard import *  # noqa: F401,F403
from .hazard import __all__ as _h
from .riskset import *  # noqa: F401,F403
from .riskset import __all__ as _r

__all__ = sorted(set(_a) | set(_b) | set(_c) | set(_h) | set(_r))
