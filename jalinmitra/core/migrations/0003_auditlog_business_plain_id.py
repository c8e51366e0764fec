"""AuditLog.business becomes a plain indexed id (issue 9: history survives a deleted business,
and core's migrations do not depend on businesses).

0001_initial now declares the column `business_id` as a plain integer. A database migrated
before that edit has the same column with the same values, plus a foreign key constraint to
businesses_business: this migration drops that constraint and keeps every row. On a new
database there is nothing to do."""

from django.db import migrations


def _business_fks(schema_editor, table):
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, c in constraints.items()
        if c["foreign_key"] and c["columns"] == ["business_id"]
    ]


def drop_business_fk(apps, schema_editor):
    AuditLog = apps.get_model("core", "AuditLog")
    table = AuditLog._meta.db_table
    names = _business_fks(schema_editor, table)
    if not names:
        return
    if schema_editor.connection.vendor == "sqlite":
        # SQLite cannot drop a constraint: rebuild the table from the model (no foreign key),
        # copying every row.
        schema_editor._remake_table(AuditLog)
    else:
        for name in names:
            schema_editor.execute(
                schema_editor._delete_constraint_sql(
                    schema_editor.sql_delete_fk, AuditLog, name
                )
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]

    operations = [migrations.RunPython(drop_business_fk, migrations.RunPython.noop)]
