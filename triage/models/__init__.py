from triage.models.audit import AuditChain, AuditEvent
from triage.models.clusters import (
    CampaignBand,
    CampaignMatch,
    CampaignSignature,
    Cluster,
    ClusterBand,
    ClusteringMark,
    PostSignature,
    UnclusteredPost,
)
from triage.models.decisions import Appeal, BulkOperation, Decision, DecisionAction
from triage.models.imports import ImportBatch, ImportRowError
from triage.models.lookups import AnyOf
from triage.models.platform import PlatformAction
from triage.models.posts import (
    CAMPAIGN_LIFT,
    AuthorNote,
    Campaign,
    Post,
    PostStatus,
    PostToDecide,
    Source,
)
from triage.models.scoring import ModelVersion
from triage.models.telegram import TelegramInbox, TelegramReport, TelegramUpdate

__all__ = [
    "CAMPAIGN_LIFT",
    "AnyOf",
    "Appeal",
    "AuditChain",
    "AuditEvent",
    "AuthorNote",
    "BulkOperation",
    "Campaign",
    "CampaignBand",
    "CampaignMatch",
    "CampaignSignature",
    "Cluster",
    "ClusterBand",
    "ClusteringMark",
    "Decision",
    "DecisionAction",
    "ImportBatch",
    "ImportRowError",
    "ModelVersion",
    "PlatformAction",
    "Post",
    "PostSignature",
    "PostStatus",
    "PostToDecide",
    "Source",
    "TelegramInbox",
    "TelegramReport",
    "TelegramUpdate",
    "UnclusteredPost",
]
