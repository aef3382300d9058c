"""The search index of the client base: table, triggers and functions.

The SQL lives in parties/search_index.py, which the import also uses to pause the triggers
and rebuild the index per chunk; read the design there.
"""

from django.db import migrations

from comptoir.parties.search_index import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
