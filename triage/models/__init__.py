from triage.models.audit import AuditChain, AuditEvent
from triage.models.clusters import Cluster, ClusterBand
from triage.models.decisions import Appeal, BulkOperation, Decision, DecisionAction
from triage.models.imports import ImportBatch, ImportRowError
from triage.models.platform import PlatformAction
from triage.models.posts import AuthorNote, Post, PostStatus, Source
from triage.models.scoring import ModelVersion

__all__ = [
    "Appeal",
    "AuditChain",
    "AuditEvent",
    "AuthorNote",
    "BulkOperation",
    "Cluster",
    "ClusterBand",
    "Decision",
    "DecisionAction",
    "ImportBatch",
    "ImportRowError",
    "ModelVersion",
    "PlatformAction",
    "Post",
    "PostStatus",
    "Source",
]
