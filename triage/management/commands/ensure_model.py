from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from triage.models import ModelVersion
from triage.scoring.services import (
    ModelUnavailable,
    active_version,
    load_pipeline,
    model_install_shipped,
    model_train,
)
from triage.scoring.shipped import ShippedUnusable


class Command(BaseCommand):
    help = (
        "Make sure a usable base model is active: keep the active one, else install the model "
        "shipped with Varta, else (no shipped file, or one made from another corpus or with "
        "other library versions) train one from the shipped corpus."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = active_version(None)
        if current is not None:
            try:
                load_pipeline(current)
            except ModelUnavailable as exc:
                self.stdout.write(
                    f"The active model {current.version} is unusable ({exc}); replacing it."
                )
                ModelVersion.objects.filter(pk=current.pk).update(
                    status=ModelVersion.Status.RETIRED
                )
            else:
                self.stdout.write(f"Model {current.version} is active.")
                return
        try:
            mv = model_install_shipped()
        except ShippedUnusable as exc:
            self.stdout.write(f"The shipped model cannot be used ({exc}); training one.")
        else:
            self.stdout.write(f"Installed and activated the shipped model {mv.version}.")
            return
        mv = model_train()
        auc = mv.metrics.get("held_out", {}).get("roc_auc")
        self.stdout.write(f"Trained and activated {mv.version} (held-out ROC-AUC {auc}).")
