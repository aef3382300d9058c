"""fold() now spells out the letters Unicode decomposition leaves whole (œ, æ, ø, ł…): the
folded names and cities stored before are folded again, and on SQLite the search rows of
the parties whose folded name changed are rebuilt (they index it beside the name)."""

from django.db import migrations

from comptoir.core.bulk import batched
from comptoir.parties import search_index
from comptoir.parties.normalize import fold


def refold(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    Address = apps.get_model("parties", "Address")
    changed = []
    rows = Party.objects.values_list("pk", "name", "name_folded").iterator(chunk_size=5000)
    for pk, name, folded in rows:
        refolded = fold(name)[:200]
        if not name.isascii() and refolded != folded:
            changed.append((pk, refolded))
    for pk, folded in changed:
        Party.objects.filter(pk=pk).update(name_folded=folded)
    addresses = Address.objects.values_list("pk", "city", "city_folded").iterator(chunk_size=5000)
    for pk, city, folded in addresses:
        refolded = fold(city)[:100]
        if not city.isascii() and refolded != folded:
            Address.objects.filter(pk=pk).update(city_folded=refolded)
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL's documents are built from the names by unaccent
    for chunk in batched([pk for pk, _folded in changed], 500):
        ids = ", ".join(str(int(pk)) for pk in chunk)  # ids read above, never input
        schema_editor.execute(f"DELETE FROM parties_search WHERE rowid IN ({ids})", None)  # noqa: S608
        schema_editor.execute(
            f"INSERT INTO parties_search ({search_index.SQLITE_COLUMNS}) "  # noqa: S608
            f"{search_index.SQLITE_DOCUMENT} WHERE p.id IN ({ids})",
            None,  # no parameters: the statement holds literal % (LIKE patterns)
        )


class Migration(migrations.Migration):
    dependencies = [("parties", "0008_address_city_covering_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
