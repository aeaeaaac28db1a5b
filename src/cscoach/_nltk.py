"""Importing NLTK without the scientific stack it pulls in by the way.

``import nltk`` imports scikit-learn and SciPy whenever they are installed (for its classifier
wrappers and statistics), which costs about 1.1 s at every start where the ``train`` extra is
installed. cscoach uses only Punkt and the Snowball stemmer, which need neither, so both are
hidden from NLTK for the time of its import and visible again right after.
"""

from __future__ import annotations

import sys
from types import ModuleType

_OPTIONAL = ("sklearn", "scipy")


def import_nltk() -> ModuleType:
    hidden = [name for name in _OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import sklearn" raises ImportError
    try:
        import nltk
        import nltk.stem.snowball
        import nltk.tokenize.punkt
    finally:
        for name in hidden:
            sys.modules.pop(name, None)  # the placeholder: a later import finds the real one
    return nltk
