"""Signatures out of the post's row (issue 13): clustering wrote each post's MinHash signature
into its row, an update of about 1 KB (the text is in it) that reached ten of the post table's
indexes, 50-70 ms a chunk of 1,000 on PostgreSQL. Now it inserts them into PostSignature (about
10 ms) and leaves the post's row alone, except a copy's cluster. Which posts are not clustered
yet, which the post_unclustered index on ``minhash IS NULL`` told the intake sweep, is a short
list of its own, UnclusteredPost, written with each new post and emptied as they are clustered.

Forward: every stored signature (also the empty one of a post too short to compare) is copied
into PostSignature, every post without one listed in UnclusteredPost; then the column and its
index go (100,000 posts: 1.4 s on SQLite, 0.7 s on PostgreSQL here). Backward: the column
comes back and is filled from PostSignature (1.5 s and 5.4 s).
"""

import django.db.models.deletion
from django.db import migrations, models


def _apart(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO triage_postsignature (post_id, minhash) "
        "SELECT id, minhash FROM triage_post WHERE minhash IS NOT NULL ORDER BY id"
    )
    schema_editor.execute(
        "INSERT INTO triage_unclusteredpost (post_id, imported_at) "
        "SELECT id, imported_at FROM triage_post WHERE minhash IS NULL ORDER BY id"
    )


def _together(apps, schema_editor):
    # A subquery rather than UPDATE ... FROM, which SQLite before 3.33 does not know.
    schema_editor.execute(
        "UPDATE triage_post SET minhash = (SELECT s.minhash FROM triage_postsignature s "
        "WHERE s.post_id = triage_post.id)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0029_clusterband_group_hash_key'),
    ]

    operations = [
        migrations.CreateModel(
            name='PostSignature',
            fields=[
                ('post', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='signature', serialize=False, to='triage.post')),
                ('minhash', models.BinaryField()),
            ],
        ),
        migrations.CreateModel(
            name='UnclusteredPost',
            fields=[
                ('post', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='unclustered', serialize=False, to='triage.post')),
                ('imported_at', models.DateTimeField()),
            ],
        ),
        migrations.AddIndex(
            model_name='unclusteredpost',
            index=models.Index(fields=['imported_at'], name='unclustered_imported_at'),
        ),
        migrations.RunPython(_apart, _together, elidable=False),
        migrations.RemoveIndex(
            model_name='post',
            name='post_unclustered',
        ),
        migrations.RemoveField(
            model_name='post',
            name='minhash',
        ),
    ]
