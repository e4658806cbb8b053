"""Scoring posts by risk: features, model, training, explanations."""
