"""Scheduled jobs, run by `manage.py run_scheduler config/cron.py` (started by `make run`).

Each is queued under a fixed id, at most once at a time (triage.lib.rq.OneRunCronScheduler):
a sweep still queued or running when its next tick comes is not queued again.
"""

from rq import cron

from triage.jobs import (
    audit_full_check_job,
    bulk_sweep_job,
    import_sweep_job,
    intake_sweep_job,
    platform_sweep_job,
    purge_expired_job,
    telegram_updates_purge_job,
)

# Every night at 03:15 server time: purge expired post text (see triage.retention).
cron.register(purge_expired_job, "default", cron="15 3 * * *", name="purge_expired")
# Every minute: resume platform work that is due or whose worker died.
cron.register(platform_sweep_job, "platform", interval=60, name="platform_sweep")
# Every minute: resume imports whose worker died mid-way (see triage.importers.services).
cron.register(import_sweep_job, "default", interval=60, name="import_sweep")
# Every minute: new posts a killed worker left unscored or unclustered are queued again.
cron.register(intake_sweep_job, "default", interval=60, name="intake_sweep")
# Every hour: every audit chain verified in full (the audit page checks the newest events).
cron.register(audit_full_check_job, "default", interval=3600, name="audit_full_check")
# Every minute: bulk operations whose worker died are run again (decided posts are skipped).
cron.register(bulk_sweep_job, "default", interval=60, name="bulk_sweep")
# Every night at 03:45: the ids of Telegram updates handled days ago are forgotten.
cron.register(
    telegram_updates_purge_job, "default", cron="45 3 * * *", name="telegram_updates_purge"
)
