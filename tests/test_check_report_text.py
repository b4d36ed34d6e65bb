"""The words of a check's verdict: the report `sandbox check` prints, its summary line, case rows."""

from __future__ import annotations

from studyapp.model import SandboxCase, SandboxExercise
from studyapp.sandbox import CheckResult, CheckWarning, Failure, FailureKind
from studyapp.session import CaseLine, case_lines, failure_heading, report_text, summary_text

EXERCISE = SandboxExercise(
    "sigmoid", "The sigmoid", "Write it.", "sigmoid", "", "",
    cases=(SandboxCase("zero"), SandboxCase("a small batch"), SandboxCase("large values")),
)
WRONG = FailureKind.WRONG_VALUE


def test_a_failure_is_named_by_its_case_and_line() -> None:
    assert failure_heading(Failure("a small batch", WRONG, "m", line=4)) == (
        "case 'a small batch': wrong_value (line 4)"
    )
    assert failure_heading(Failure(None, FailureKind.SYNTAX_ERROR, "m")) == (
        "your code: syntax_error"
    )
    assert failure_heading(Failure("", FailureKind.TIMEOUT, "m", line=0)) == "your code: timeout"


def test_the_summary_line_says_how_it_went() -> None:
    assert summary_text(CheckResult("s", True, 7, 0.214)) == "PASSED: all 7 cases in 0.21 s"
    cancelled = CheckResult("s", False, 2, 1.5, cancelled=True)
    assert summary_text(cancelled) == "CANCELLED after 1.50 s: nothing recorded"
    two = (Failure("zero", WRONG, "m"), Failure("large values", WRONG, "m"))
    failed = CheckResult("s", False, 3, 0.5, failures=two)
    assert summary_text(failed) == "FAILED: 2 of 3 cases failed in 0.50 s"
    whole = CheckResult("s", False, 0, 0.05, failures=(Failure(None, FailureKind.TIMEOUT, "m"),))
    assert summary_text(whole) == "FAILED: timeout after 0.05 s"
    warned = CheckResult(
        "s", True, 3, 0.2,
        warnings=(CheckWarning("not_vectorized", "w"), CheckWarning("not_vectorized", "v")),
    )
    assert summary_text(warned) == "PASSED: all 3 cases in 0.20 s, 2 warning(s)"


def test_case_rows_follow_the_exercise_with_whole_failures_first() -> None:
    late = Failure("large values", WRONG, "differs")
    timing = Failure("timing", FailureKind.TIMEOUT, "slow")
    result = CheckResult("s", False, 3, 0.1, failures=(late, timing))
    rows = case_lines(EXERCISE, result)
    assert rows == [
        CaseLine("zero", None),
        CaseLine("a small batch", None),
        CaseLine("large values", late),
        CaseLine("timing", timing),
    ]
    assert [row.status for row in rows] == ["passed", "passed", "wrong_value", "timeout"]


def test_cases_after_a_whole_submission_failure_did_not_run() -> None:
    crash = Failure(None, FailureKind.SYNTAX_ERROR, "invalid syntax", line=2)
    rows = case_lines(EXERCISE, CheckResult("s", False, 0, 0.0, failures=(crash,)))
    assert [(row.name, row.status, row.ran) for row in rows] == [
        ("your code", "syntax_error", True),
        ("zero", "not run", False),
        ("a small batch", "not run", False),
        ("large values", "not run", False),
    ]


def test_the_report_prints_three_failures_in_full_and_names_the_rest() -> None:
    failures = tuple(
        Failure(name, WRONG, f"expected 1\ngot {i}", line=i + 1)
        for i, name in enumerate(["zero", "a small batch", "large values", "timing"])
    )
    result = CheckResult(
        "sigmoid", False, 4, 0.25, failures=failures,
        warnings=(CheckWarning("not_vectorized", "word " * 30),),
        output="hello\nworld\n\n",
    )
    assert report_text(EXERCISE, result).splitlines() == [
        "sigmoid: The sigmoid",
        "  FAILED case 'zero': wrong_value (line 1)",
        "      expected 1",
        "      got 0",
        "  FAILED case 'a small batch': wrong_value (line 2)",
        "      expected 1",
        "      got 1",
        "  FAILED case 'large values': wrong_value (line 3)",
        "      expected 1",
        "      got 2",
        "  also failed: case 'timing': wrong_value (line 4)",
        "  warning: not_vectorized",
        "      " + " ".join(["word"] * 16),
        "      " + " ".join(["word"] * 14),
        "  output of your code (head and tail kept):",
        "    | hello",
        "    | world",
        "FAILED: 4 of 4 cases failed in 0.25 s, 1 warning(s)",
    ]


def test_a_passing_report_without_output_is_two_lines() -> None:
    result = CheckResult("sigmoid", True, 3, 0.1, output="  \n")
    assert report_text(EXERCISE, result) == (
        "sigmoid: The sigmoid\nPASSED: all 3 cases in 0.10 s"
    )


def test_every_failure_past_the_third_gets_its_own_line() -> None:
    failures = tuple(Failure(f"case {i}", WRONG, "m") for i in range(5))
    lines = report_text(EXERCISE, CheckResult("sigmoid", False, 5, 0.1, failures=failures))
    assert lines.splitlines()[-3:] == [
        "  also failed: case 'case 3': wrong_value",
        "  also failed: case 'case 4': wrong_value",
        "FAILED: 5 of 5 cases failed in 0.10 s",
    ]


def test_warnings_wrap_at_88_columns() -> None:
    message = "x" * 40 + " " + "y" * 42  # 89 columns once indented: one too many
    result = CheckResult("sigmoid", True, 3, 0.1, warnings=(CheckWarning("slow", message),))
    assert report_text(EXERCISE, result).splitlines()[1:4] == [
        "  warning: slow", "      " + "x" * 40, "      " + "y" * 42,
    ]


def test_the_output_keeps_its_lines_as_printed() -> None:
    result = CheckResult("sigmoid", True, 3, 0.1, output="  indented\nMAX  \nLAST X\n\n")
    assert report_text(EXERCISE, result).splitlines()[1:5] == [
        "  output of your code (head and tail kept):", "    |   indented", "    | MAX  ",
        "    | LAST X",
    ]
