from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kopontren", "0007_reconcile_profile_with_legal_log")]

    operations = [
        migrations.AddConstraint(
            model_name='cooperative',
            constraint=models.CheckConstraint(condition=models.Q(('akta_date__isnull', True), ('ahu_date__isnull', True), ('ahu_date__gte', models.F('akta_date')), _connector='OR'), name='cooperative_ahu_not_before_akta'),
        ),
        migrations.AddConstraint(
            model_name='cooperative',
            constraint=models.CheckConstraint(condition=models.Q(('ahu_date__isnull', True), ('nib_date__isnull', True), ('nib_date__gte', models.F('ahu_date')), _connector='OR'), name='cooperative_nib_not_before_ahu'),
        ),
        migrations.AddConstraint(
            model_name='cooperative',
            constraint=models.CheckConstraint(condition=models.Q(('ahu_date__isnull', True), ('nik_date__isnull', True), ('nik_date__gte', models.F('ahu_date')), _connector='OR'), name='cooperative_nik_not_before_ahu'),
        ),
        migrations.AddConstraint(
            model_name='legalevent',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'nik'), models.Q(('number', ''), _negated=True)), fields=('number',), name='legal_event_nik_number_unique', violation_error_message='NIK Koperasi ini sudah tercatat pada koperasi lain.'),
        ),
    ]
