"""The bot's webhook: Telegram POSTs each update here (deployments with a public HTTPS address).

The group comes from the address (the bot link's group), and the request is Telegram's only
when it carries that group's secret in X-Telegram-Bot-Api-Secret-Token (compared in constant
time). Anything else is refused before the body is read. An update that is handled, ignored or
seen before is answered 200 at once (Telegram would otherwise send it again and again); only a
body that is not JSON is refused with 400.
"""

from __future__ import annotations

import hmac
import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from groups.models import Group, Platform
from triage.platforms.intake import update_handle
from triage.platforms.polling import webhook_secret

HEADER = "X-Telegram-Bot-Api-Secret-Token"


@csrf_exempt  # Telegram has no CSRF token; the secret header is the authentication
@require_POST
def telegram_webhook(request: HttpRequest, group_id: int) -> HttpResponse:
    group = Group.objects.filter(pk=group_id, platform=Platform.TELEGRAM).first()
    given = request.headers.get(HEADER, "")
    # Compared even for a group that does not exist, so the answer's timing says nothing.
    expected = webhook_secret(group) if group is not None else "x" * 64
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")) or group is None:
        return HttpResponse(status=403)
    if group.telegram_chat_id is None or not group.telegram_bot_token:
        return HttpResponse(status=200)  # unlinked since the webhook was set: nothing to do
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    update_handle(group=group, update=update)
    return HttpResponse(status=200)
