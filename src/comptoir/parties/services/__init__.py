"""Writes of the client base, one module per aggregate; import them from here
(`services.record_interaction(party=…, kind="call", subject=…, by=user)`)."""

from comptoir.parties.services.consent import *  # noqa: F403
from comptoir.parties.services.duplicates import *  # noqa: F403
from comptoir.parties.services.imports import *  # noqa: F403
from comptoir.parties.services.mappings import *  # noqa: F403
from comptoir.parties.services.merge import *  # noqa: F403
from comptoir.parties.services.parties import *  # noqa: F403
from comptoir.parties.services.timeline import *  # noqa: F403
