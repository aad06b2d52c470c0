"""megacity: the package behind the compendium "Governing China's Megacities".

Subpackages and modules:

* :mod:`megacity.data` — external-data registry, catalogue of our cited tables, validation;
* :mod:`megacity.urbanization` — the urbanization series and the logistic curve;
* :mod:`megacity.claims` and :mod:`megacity.checks` — the claims ledger;
* :mod:`megacity.plots` — house style.
"""
__version__ = "0.1.0"
