"""Bad input to the low-carbon cross-check fails loudly and names the parameter."""
import pandas as pd
import pytest

from megacity import lowcarbon
from megacity.args import ParameterError


def test_unknown_coding():
    with pytest.raises(ParameterError, match="coding"):
        lowcarbon.coded_years("wikipedia")


def test_ours_without_its_columns():
    with pytest.raises(ParameterError, match="ours lacks"):
        lowcarbon.third_party_disagreements(ours=pd.DataFrame({"city": ["甲市"]}))


def test_summary_of_something_else():
    with pytest.raises(ParameterError, match="dis must be"):
        lowcarbon.disagreement_summary(pd.DataFrame({"x": [1]}))
