"""Pure grading: reorder scoring and key-point coverage of typed answers."""

from studyapp.grading.keypoints import Coverage, KeyPointMatch, cover_key_points, suggest_correct
from studyapp.grading.reorder import ReorderResult, grade_order, help_fix_one, shuffled_order

__all__ = [
    "Coverage",
    "KeyPointMatch",
    "ReorderResult",
    "cover_key_points",
    "grade_order",
    "help_fix_one",
    "shuffled_order",
    "suggest_correct",
]
