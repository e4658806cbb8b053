"""The risk model: one scikit-learn Pipeline from raw text to a calibrated removal probability.

``RiskModel`` holds two linear heads on the same features:
- a calibrated logistic regression for remove vs keep (the score): sigmoid
  calibration over 3 folds, so a score of 0.8 means about 8 in 10 such posts
  are removed by careful moderators;
- a multinomial logistic regression for the most likely of the eleven categories.
Linear models keep explanations exact: a feature's contribution is its weight
times its value. The metrics in the README say why nothing heavier was needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from triage.scoring.corpus import REMOVE
from triage.scoring.features import feature_union


class RiskModel(BaseEstimator, ClassifierMixin):
    def __init__(self, C: float = 4.0, seed: int = 7) -> None:
        self.C = C
        self.seed = seed

    def fit(self, X: Any, y: Any) -> RiskModel:
        categories = np.asarray(y)
        remove = np.array([1 if c in REMOVE else 0 for c in categories])
        base = LogisticRegression(
            C=self.C, class_weight="balanced", max_iter=3000, random_state=self.seed
        )
        self.binary_ = CalibratedClassifierCV(base, method="sigmoid", cv=3)
        self.binary_.fit(X, remove)
        self.category_ = LogisticRegression(C=self.C, max_iter=3000, random_state=self.seed)
        self.category_.fit(X, categories)
        self.classes_ = self.category_.classes_
        # The direction that explanations read: the folds' weights, averaged.
        coefs = [c.estimator.coef_[0] for c in self.binary_.calibrated_classifiers_]
        self.weights_ = np.mean(coefs, axis=0)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        return self.binary_.predict_proba(X)

    def predict(self, X: Any) -> np.ndarray:
        return self.category_.predict(X)


def build_pipeline() -> Pipeline:
    return Pipeline([("features", feature_union()), ("model", RiskModel())])


def remove_probability(pipeline: Pipeline, texts: list[str]) -> np.ndarray:
    return pipeline.predict_proba(texts)[:, 1]
