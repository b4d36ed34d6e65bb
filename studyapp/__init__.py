"""studyapp: a terminal study app for machine learning."""

__version__ = "0.1.0"
