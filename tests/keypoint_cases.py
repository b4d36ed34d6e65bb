"""A labelled set for key-point matching: (typed answer, key point, should it be ticked?).

The key points are the bundled decks' own (content/*.yaml, copied here with the rest of
their question's key points, so content edits do not move the figures); an answer is
matched against all key points of its question, as the app does. The answers are written the way learners type: the point in its own
words, a paraphrase, a negation or a wrong claim, and terms of one point said about another.
A case is labelled True only when a grader reading the answer would tick the point; weak
evidence (one shared word, a point implied but not said) is labelled False.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    """One labelled pair."""

    answer: str
    """What the learner typed."""
    point: str
    """One key point of the question."""
    tick: bool
    """Whether a grader would tick the point for this answer."""
    why: str
    """The kind of case: said, paraphrase, negation, wrong-point or weak."""


CASES: tuple[Case, ...] = (
    # feature-engineering / z-score-vs-min-max
    Case("Z-score rescales each feature to mean 0 and standard deviation 1.",
         "z-score: mean 0, standard deviation 1", True, "said"),
    Case("Standardising gives every feature zero mean and unit variance.",
         "z-score: mean 0, standard deviation 1", True, "paraphrase"),
    Case("Min-max maps every value into the range 0 to 1.",
         "min-max: bounded range 0 to 1", True, "said"),
    Case("Min-max is sensitive to outliers: one extreme value squashes the rest.",
         "min-max sensitive to outliers", True, "said"),
    Case("A single outlier squeezes the min-max scaled values into a narrow band.",
         "min-max sensitive to outliers", True, "paraphrase"),
    Case("Min-max scales into 0 to 1. Use z-score when features have outliers.",
         "min-max sensitive to outliers", False, "wrong-point"),
    Case("Use z-score when features have outliers, min-max when the range is known.",
         "min-max sensitive to outliers", False, "wrong-point"),
    Case("Use z-score when features have outliers but min-max for pixel values.",
         "min-max sensitive to outliers", False, "wrong-point"),
    Case("Min-max is not sensitive to outliers.",
         "min-max sensitive to outliers", False, "negation"),
    Case("Do not use min-max; z-score is always fine.",
         "known natural bounds favour min-max", False, "negation"),
    Case("When a feature has natural bounds, like pixels from 0 to 255, min-max is a good fit.",
         "known natural bounds favour min-max", True, "said"),
    Case("With heavy outliers use robust scaling: subtract the median, divide by the IQR.",
         "robust scaling with median and IQR", True, "said"),
    Case("Min-max uses the minimum and maximum, z-score the mean and standard deviation.",
         "robust scaling with median and IQR", False, "wrong-point"),
    Case("Z-score: subtract the mean, divide by the standard deviation; the range is unbounded.",
         "min-max: bounded range 0 to 1", False, "wrong-point"),
    # feature-engineering / training-only-statistics
    Case("The mean and standard deviation are parameters learned from the training data.",
         "scaling statistics are learned parameters", True, "said"),
    Case("Computed on all the data, information from the test set leaks into training.",
         "held-out information leaks", True, "said"),
    Case("The evaluation looks better than it is: an optimistic estimate.",
         "optimistic evaluation", True, "said"),
    Case("Test scores come out too good to be true.",
         "optimistic evaluation", True, "paraphrase"),
    Case("Apply the same transformation at serving time, with the stored statistics.",
         "same transformation at serving time", True, "said"),
    Case("You do not need the same transformation at serving time; the model copes.",
         "same transformation at serving time", False, "negation"),
    Case("Recomputing the statistics per batch when serving creates skew.",
         "recomputing per batch causes skew", True, "said"),
    # feature-engineering / why-scaling-speeds-gd
    Case("Unscaled features give long, elongated elliptical contours of the cost.",
         "elongated elliptical contours", True, "said"),
    Case("The cost surface looks like a stretched ellipse.",
         "elongated elliptical contours", True, "paraphrase"),
    Case("Descent zig-zags across the valley and is slow along the flat direction.",
         "zig-zag, slow along the flat direction", True, "said"),
    Case("After scaling the contours are rounder, so each step points at the minimum.",
         "rounder contours after scaling", True, "said"),
    Case("Without scaling the contours are elongated and the learning rate must stay small.",
         "rounder contours after scaling", False, "wrong-point"),
    Case("The Hessian is badly conditioned: its condition number is large.",
         "condition number of the Hessian", True, "said"),
    # linear-regression-gd / gd-explained
    Case("The gradient is the vector of partial derivatives of the cost.",
         "gradient is the vector of partial derivatives", True, "said"),
    Case("It points in the direction of steepest increase, so we step opposite to it.",
         "direction of steepest increase", True, "said"),
    Case("It points in the direction of steepest increase, so we step opposite to it.",
         "step opposite to the gradient", True, "said"),
    Case("Step in the direction of the gradient until it is near zero.",
         "step opposite to the gradient", False, "wrong claim"),
    Case("The learning rate alpha sets how big each step is.",
         "learning rate alpha sets the step size", True, "said"),
    Case("Keep iterating until the updates become tiny.",
         "repeat until the gradient is near zero", True, "paraphrase"),
    # linear-regression-gd / why-squared-error and normal-equation-vs-gd
    Case("Squared error is convex and smooth, so there is one minimum.",
         "convex and smooth", True, "said"),
    Case("It is the maximum likelihood estimate when the noise is Gaussian.",
         "maximum likelihood under Gaussian noise", True, "said"),
    Case("A large error counts squared, so outliers dominate the fit.",
         "sensitive to outliers", True, "paraphrase"),
    Case("Outliers are not a problem for squared error.",
         "sensitive to outliers", False, "negation"),
    Case("The normal equation is exact and needs no learning rate.",
         "normal equation exact, no learning rate", True, "said"),
    Case("The normal equation needs a learning rate and is only approximate.",
         "normal equation exact, no learning rate", False, "negation"),
    Case("Solving it costs O(n^3) in the number of features.",
         "cubic O(n^3) solve", True, "said"),
    Case("Gradient descent works for models without a closed form, like logistic regression.",
         "GD works for models without a closed form", True, "said"),
    # gd-logistic-regression
    Case("On separable classes the weights grow without bound.",
         "no finite minimiser, weights grow without bound", True, "said"),
    Case("Add L2 regularisation or stop early.",
         "L2 regularisation or early stopping", True, "said"),
    Case("Check whether the separating feature leaks the label.",
         "check the separating feature for leakage", True, "said"),
    Case("Log loss is convex, while squared error with a sigmoid is not.",
         "squared error with sigmoid is non-convex", True, "said"),
    Case("Log loss is convex with the sigmoid.",
         "squared error with sigmoid is non-convex", False, "wrong-point"),
    Case("The sigmoid derivative vanishes when the output saturates.",
         "sigmoid derivative vanishes when saturated", True, "said"),
    Case("Class weights change the base rate the model sees, so probabilities are off.",
         "class weights or resampling change the base rate", True, "said"),
    Case("Weights are learned; the rate of change of the loss falls.",
         "class weights or resampling change the base rate", False, "weak"),
    Case("A shift of all logits changes which leads pass the fixed threshold.",
         "ranking is invariant to a shift of all logits", False, "wrong-point"),
    # overfitting
    Case("Overfitting: the training loss is low but the validation loss is high.",
         "overfitting: low training loss, high validation loss", True, "said"),
    Case("Underfitting: both the training and the validation loss stay high.",
         "overfitting: low training loss, high validation loss", False, "wrong-point"),
    Case("L1 drives many weights to exactly zero, which selects features.",
         "L1 gives sparse weights, feature selection", True, "said"),
    Case("L1 drives many weights to exactly zero.",
         "L2 shrinks weights, no exact zeros", False, "wrong-point"),
    Case("L2 shrinks the weights but never makes them exactly zero.",
         "L2 shrinks weights, no exact zeros", True, "said"),
    Case("Elastic net mixes the L1 and L2 penalties.",
         "elastic net combines both", True, "paraphrase"),
    Case("Raising lambda fixes variance, not a shift in the data.",
         "regularisation fixes variance, not shift", True, "said"),
    Case("Regularization fixes the distribution shift we see in production.",
         "regularisation fixes variance, not shift", False, "negation"),
    Case("More regularization helps with variance, it does not fix a shift.",
         "regularisation fixes variance, not shift", True, "said"),
    # production-diagnostics
    Case("Always predicting 'not fraud' already scores 99% accuracy.",
         "predicting the majority class gives 99% accuracy", True, "said"),
    Case("Accuracy is fine when classes are balanced.",
         "predicting the majority class gives 99% accuracy", False, "weak"),
    Case("Report precision and recall for the fraud class, the minority.",
         "precision and recall for the minority class", True, "said"),
    Case("Plot the mean predicted probability against the observed frequency in each bin.",
         "mean predicted probability vs observed frequency per bin", True, "said"),
    Case("Points below the diagonal mean the model is overconfident.",
         "diagonal means calibrated", False, "wrong-point"),
    Case("Log the features at serving time along with the model version.",
         "log serving features and model version", True, "said"),
    Case("Use a log loss and compare model versions offline.",
         "log serving features and model version", False, "weak"),
    # more of the same kinds, written after the rule to check it does not overreach
    Case("The loop does not take a true gradient step.",
         "not a true gradient step", True, "said"),
    Case("Compute every gradient from the old parameters, then assign all at once.",
         "gradients from the old parameters", True, "said"),
    Case("Regularize with L2 or stop training early.",
         "L2 regularisation or early stopping", True, "said"),
    Case("Min-max, unlike z-score, is sensitive to outliers.",
         "min-max sensitive to outliers", True, "said"),
    Case("Outliers do not matter for min-max scaling.",
         "min-max sensitive to outliers", False, "negation"),
    Case("If the data are linearly separable, the weights keep growing.",
         "linearly separable data", True, "said"),
    Case("Fraud is rare, so accuracy says little; use precision and recall instead.",
         "precision and recall for the minority class", True, "paraphrase"),
    Case("Squared error does not fit a sigmoid well.",
         "squared error with sigmoid is non-convex", False, "weak"),
)

QUESTIONS: dict[str, tuple[str, ...]] = {
    "feature-engineering/z-score-vs-min-max": (
        "z-score: mean 0, standard deviation 1",
        "min-max: bounded range 0 to 1",
        "min-max sensitive to outliers",
        "known natural bounds favour min-max",
        "robust scaling with median and IQR",
    ),
    "feature-engineering/training-only-statistics": (
        "scaling statistics are learned parameters",
        "held-out information leaks",
        "optimistic evaluation",
        "same transformation at serving time",
        "recomputing per batch causes skew",
    ),
    "feature-engineering/why-scaling-speeds-gd": (
        "elongated elliptical contours",
        "learning rate capped by the steepest direction",
        "zig-zag, slow along the flat direction",
        "condition number of the Hessian",
        "rounder contours after scaling",
    ),
    "linear-regression-gd/gd-explained": (
        "gradient is the vector of partial derivatives",
        "direction of steepest increase",
        "step opposite to the gradient",
        "learning rate alpha sets the step size",
        "repeat until the gradient is near zero",
    ),
    "linear-regression-gd/why-squared-error": (
        "convex and smooth",
        "maximum likelihood under Gaussian noise",
        "estimates the conditional mean",
        "sensitive to outliers",
    ),
    "linear-regression-gd/normal-equation-vs-gd": (
        "normal equation exact, no learning rate",
        "cubic O(n^3) solve",
        "cheap iterations, O(m n) each",
        "GD works for models without a closed form",
        "ill-conditioned X^T X",
    ),
    "gd-logistic-regression/separable-data-production": (
        "linearly separable data",
        "no finite minimiser, weights grow without bound",
        "overconfident saturated probabilities",
        "L2 regularisation or early stopping",
        "check the separating feature for leakage",
    ),
    "gd-logistic-regression/just-linear-with-sigmoid": (
        "same update shape (y_hat - y) x",
        "canonical link of the Bernoulli GLM",
        "sigmoid derivative cancels with log loss",
        "squared error with sigmoid is non-convex",
        "no closed form, weights diverge on separable data",
    ),
    "logistic-regression-basics/why-not-squared-error": (
        "log loss is convex with the sigmoid",
        "squared error with sigmoid is non-convex",
        "sigmoid derivative vanishes when saturated",
        "maximum likelihood for Bernoulli labels",
    ),
    "logistic-regression-basics/probabilities-justified": (
        "maximum likelihood and proper scoring rule",
        "log-odds linear in the features",
        "class weights or resampling change the base rate",
        "population or base rate shifted",
        "verify with a reliability curve",
    ),
    "logistic-regression-basics/ranking-vs-decision-after-retrain": (
        "ranking is invariant to a shift of all logits",
        "fixed threshold is sensitive to calibration and base rate",
        "threshold stored in the versioned artefact",
        "correct the intercept for prior shift",
        "monitor positive rate after deployment",
    ),
    "overfitting/fit-signatures": (
        "underfitting: high training and validation loss",
        "overfitting: low training loss, high validation loss",
        "large train-validation gap",
        "validation loss rises while training loss falls",
    ),
    "overfitting/l1-versus-l2": (
        "L2 shrinks weights, no exact zeros",
        "L1 gives sparse weights, feature selection",
        "L1 not differentiable at zero",
        "correlated features: L2 spreads, L1 picks one",
        "elastic net combines both",
    ),
    "overfitting/raise-lambda-or-not": (
        "regularisation fixes variance, not shift",
        "out-of-time holdout that mimics production",
        "label leakage or train-serving skew",
        "drift in features or base rate",
        "validation set overused in tuning",
    ),
    "production-diagnostics/accuracy-under-imbalance": (
        "predicting the majority class gives 99% accuracy",
        "precision and recall for the minority class",
        "confusion matrix at the chosen threshold",
        "log loss and Brier against the base rate",
    ),
    "production-diagnostics/reliability-curve": (
        "mean predicted probability vs observed frequency per bin",
        "diagonal means calibrated",
        "flatter than diagonal means overconfident",
        "quantile bins and bin counts",
        "Platt or isotonic recalibration",
    ),
    "production-diagnostics/skew-investigation": (
        "log serving features and model version",
        "recompute features offline for the same requests",
        "compare feature by feature",
        "shared feature code or feature store",
        "shadow deployment and parity tests",
    ),
    "gd-logistic-regression/sequential-update-bug": (
        "not a true gradient step",
        "gradients from the old parameters",
        "compare one step against a vectorised reference",
        "temporaries then assign all at once",
    ),
}


def question_points(case: Case) -> tuple[str, ...]:
    """Every key point of the question the case's point belongs to."""
    for points in QUESTIONS.values():
        if case.point in points:
            return points
    raise KeyError(case.point)
