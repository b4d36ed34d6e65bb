"""The concept drill and failure-mode lab: logistic regression trained on shipped data sets.

This package module is stdlib only, so front ends can parse and show settings without
loading NumPy; the training code (`studyapp.drill.train`, `.data`, `.metrics`, `.lab`)
imports NumPy and is loaded only when a drill or lab item opens.
"""

from __future__ import annotations

from studyapp.drill.settings import (
    CLASS_WEIGHTS,
    DATASETS,
    SPLITS,
    DrillSettings,
    SettingsError,
)

__all__ = ["CLASS_WEIGHTS", "DATASETS", "SPLITS", "DrillSettings", "SettingsError"]
