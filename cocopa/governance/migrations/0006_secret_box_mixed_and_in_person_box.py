"""The in-person ballot box counted as a whole; and the boxes of secret elections still open,
written until now in voting order, mixed once (new keys, random order) as every cast now does."""

import random

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models


def mix_open_secret_boxes(apps, schema_editor):
    Election = apps.get_model("governance", "Election")
    Ballot = apps.get_model("governance", "Ballot")
    draw = random.SystemRandom()
    for election_id in Election.objects.filter(secret=True, status="open").values_list("pk", flat=True):
        box = list(Ballot.objects.filter(election_id=election_id).values_list("choices", flat=True))
        draw.shuffle(box)
        Ballot.objects.filter(election_id=election_id).delete()
        Ballot.objects.bulk_create([Ballot(election_id=election_id, choices=c) for c in box])


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_lifecycle_presence_per_vote_and_population_weights'),
    ]

    operations = [
        migrations.CreateModel(
            name='BallotBox',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ballots', models.PositiveIntegerField(verbose_name='ballots in the box')),
                ('blank', models.PositiveIntegerField(default=0, verbose_name='blank ballots')),
                ('void', models.PositiveIntegerField(default=0, verbose_name='void ballots')),
                ('election', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='ballot_box', to='governance.election', verbose_name='election')),
            ],
            options={
                'verbose_name': 'in-person ballot box',
                'verbose_name_plural': 'in-person ballot boxes',
            },
        ),
        migrations.CreateModel(
            name='BallotBoxCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('votes', models.PositiveIntegerField(verbose_name='votes')),
                ('box', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counts', to='governance.ballotbox', verbose_name='box')),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.candidate', verbose_name='candidate')),
            ],
            options={
                'verbose_name': 'votes in the box',
                'verbose_name_plural': 'votes in the box',
                'ordering': ['box', 'candidate__person__name', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='ballotbox',
            constraint=models.CheckConstraint(condition=models.Q(('blank__lte', django.db.models.expressions.CombinedExpression(models.F('ballots'), '-', models.F('void')))), name='ballot_box_blank_void_within_ballots'),
        ),
        migrations.AddConstraint(
            model_name='ballotboxcount',
            constraint=models.UniqueConstraint(fields=('box', 'candidate'), name='one_count_per_candidate_per_box'),
        ),
        migrations.RunPython(mix_open_secret_boxes, migrations.RunPython.noop),
    ]
