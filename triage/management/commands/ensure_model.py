from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from triage.models import ModelVersion
from triage.scoring.services import ModelUnavailable, active_version, load_pipeline, model_train


class Command(BaseCommand):
    help = (
        "Train and activate the base model from the shipped corpus, unless a usable one is active."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = active_version(None)
        if current is not None:
            try:
                load_pipeline(current)
            except ModelUnavailable as exc:
                self.stdout.write(
                    f"The active model {current.version} is unusable ({exc}); retraining."
                )
                ModelVersion.objects.filter(pk=current.pk).update(
                    status=ModelVersion.Status.RETIRED
                )
            else:
                self.stdout.write(f"Model {current.version} is active.")
                return
        mv = model_train()
        auc = mv.metrics.get("held_out", {}).get("roc_auc")
        self.stdout.write(f"Trained and activated {mv.version} (held-out ROC-AUC {auc}).")
