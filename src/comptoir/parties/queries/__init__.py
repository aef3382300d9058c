"""Reads of the client base, filtered to what the user may see; import them from here."""

from comptoir.parties.queries.duplicates import *  # noqa: F403
from comptoir.parties.queries.matches import *  # noqa: F403
from comptoir.parties.queries.parties import *  # noqa: F403
from comptoir.parties.queries.search import *  # noqa: F403
from comptoir.parties.queries.timeline import *  # noqa: F403
