"""The argument names (and case keys) the sandbox's case generators use: the one list both
sides read.

The harness generates exactly these (`_cases`, then `_more_cases`); the deck loader
(studyapp.decks) accepts a reference function only if its parameters are among them. The
loader reads this file by location, so it must stay free of imports: numpy or studyapp here
would break one side.
"""

BASIC_ARGUMENTS = frozenset(
    {"z", "X", "y", "w", "b", "alpha", "num_iters", "class_weight", "threshold", "lambda_"}
)
"""Made by `_cases`: the gradient-descent basics."""
MORE_ARGUMENTS = frozenset(
    {
        "x1",
        "x2",
        "degree",
        "eps",
        "grad_w",
        "grad_b",
        "num_epochs",
        "batch_size",
        "shuffle_seed",
        "scores",
        "y_class",
        "W",
        "b_vec",
    }
)
"""Made by `_more_cases`: feature maps, gradient checks, mini-batch SGD, Newton steps, ROC AUC
and softmax regression."""
ARGUMENT_NAMES = BASIC_ARGUMENTS | MORE_ARGUMENTS
"""Parameter names a reference function may use; each has a generator."""
MORE_CASE_PARAMETERS = frozenset({"integer_inputs", "labels", "grad_scale", "tie_decimals", "k"})
"""Case keys `_more_cases` reads that shape the arguments without being arguments themselves."""
