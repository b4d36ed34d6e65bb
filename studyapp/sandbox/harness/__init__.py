"""The sandbox child (the only code that imports numpy or runs exercise code).

Never imported by the app process: `studyapp.sandbox` starts `python -I _boot.py`, which
loads this folder as the package `sandbox_harness`. Modules here may import numpy at module
level; this `__init__` must not, so that static tools can import the package cheaply.
"""
