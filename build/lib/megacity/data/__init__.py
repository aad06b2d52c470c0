"""Data layer: external files (registry), our own tables (catalogue), and validation."""
from .catalogue import load_table  # noqa: F401
from .registry import DataIntegrityError, DataUnavailableError, fetch  # noqa: F401
from .validate import ValidationError  # noqa: F401
