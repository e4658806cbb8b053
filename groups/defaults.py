"""What every new group starts with: rules to cite and the default reply to authors.

The reply explains why such posts harm prisoners and their families and sends the
author to the Coordination Headquarters for the Treatment of Prisoners of War.
Official channels change, so the contact details are a placeholder the group's
admins fill in; the settings page warns while it is still there. The text never
repeats anything from the post itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, title, description) — titles are shown in the removal reason picker.
DEFAULT_RULES = [
    (
        "pow-info",
        _("No appeals to identify, share or comment on captured or missing soldiers"),
        _(
            "Even in good faith, such posts and their comments give the enemy names, "
            "units and relatives to blackmail. Send relatives to the Coordination "
            "Headquarters instead."
        ),
    ),
    (
        "enemy-media",
        _("No reposts of enemy photos, videos or lists of prisoners"),
        _("Article 13 of the Third Geneva Convention protects prisoners from public curiosity."),
    ),
    (
        "personal-data",
        _("No personal data of servicemen and their families"),
        _("Phone numbers, unit numbers, call signs, addresses, dates of birth, unit locations."),
    ),
    (
        "scam",
        _("No 'exchange list' offers, ransom or fundraising for captives"),
        _("No state body ever asks money for a release; these are extortion scams."),
    ),
    (
        "fake",
        _("No unverified or demoralising claims"),
        _("Mass-capture or casualty claims without an official source, 'leaked lists'."),
    ),
    ("spam", _("No spam or advertising"), _("Crypto 'investment', betting, unrelated ads.")),
]

PLACEHOLDER_UK = "[ВКАЖІТЬ АКТУАЛЬНІ КОНТАКТИ КООРДШТАБУ: гаряча лінія, офіційний сайт, чат-бот]"
PLACEHOLDER_EN = "[FILL IN THE CURRENT CONTACTS OF THE COORDINATION HEADQUARTERS: hotline, website]"
PLACEHOLDERS = (PLACEHOLDER_UK, PLACEHOLDER_EN)

DEFAULT_REPLY_NAME = "Coordination Headquarters"

DEFAULT_REPLY_UK = f"""Вітаємо, {{author}}!

Ми видалили ваш допис у групі «{{group}}». Ми розуміємо, що ви хотіли допомогти, і щиро співчуваємо, якщо йдеться про вашу рідну людину.

Дописи з проханням упізнати, поширити чи прокоментувати інформацію про полонених або зниклих безвісти військових шкодять саме тим, кого ми хочемо захистити. Ворог стежить за такими дописами й коментарями: збирає імена, підрозділи, контакти рідних, а потім шантажує родини та намагається завербувати їх. Рідні, які відгукуються в коментарях, стають мішенню для шахраїв, що вимагають гроші за «обмін».

Будь ласка, не поширюйте й не коментуйте такі дописи. Зверніться напряму до Координаційного штабу з питань поводження з військовополоненими:
{PLACEHOLDER_UK}

Жоден державний орган не бере грошей за обмін чи звільнення з полону.

Правило групи: {{rule}}
"""

DEFAULT_REPLY_EN = f"""Hello {{author}},

We have removed your post in the group "{{group}}". We understand you wanted to help, and we are truly sorry if this is about someone close to you.

Posts asking people to identify, share or comment on information about captured or missing soldiers harm the very people we want to protect. The enemy watches such posts and their comments: it collects names, units and relatives' contacts, then blackmails the families and tries to recruit them. Relatives who answer in the comments become targets of scammers demanding money for an "exchange".

Please do not share or comment on such posts. Contact the Coordination Headquarters for the Treatment of Prisoners of War directly:
{PLACEHOLDER_EN}

No state body ever takes money for an exchange or a release from captivity.

Group rule: {{rule}}
"""
