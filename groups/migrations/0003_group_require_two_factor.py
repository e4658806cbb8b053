"""Groups may require two-factor login of their owners and admins (groups.twofactor).

On for groups created from now on; off for the groups that exist, so that an upgrade locks no
one out: their owners turn it on in the group's settings once they have set it up.
"""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_telegram_link")]

    operations = [
        migrations.AddField(
            model_name="group",
            name="require_two_factor",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="group",
            name="require_two_factor",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Owners and admins of this group see none of its pages until they have "
                    "entered a code from their authenticator app."
                ),
                verbose_name="owners and admins must use two-factor login",
            ),
        ),
    ]
