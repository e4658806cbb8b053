"""The import job: a batch id in, the pipeline run, the outcome on the batch."""

from __future__ import annotations

import django_rq


def import_batch_job(batch_id: int) -> None:
    from triage.importers.pipeline import batch_run

    batch_run(batch_id=batch_id)


def enqueue_import(batch_id: int) -> str:
    from triage.models import ImportBatch

    job_id = f"import-{batch_id}"
    ImportBatch.objects.filter(pk=batch_id).update(job_id=job_id)
    django_rq.get_queue("default").enqueue(
        import_batch_job, batch_id, job_id=job_id, job_timeout=6 * 3600
    )
    return job_id


def import_sweep_job() -> int:
    """Every minute: resume imports whose worker died mid-way."""
    from triage.importers.pipeline import batch_resume_stale

    return len(batch_resume_stale())
