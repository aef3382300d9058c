"""Background tasks of the client base (django-tasks; run by `comptoir worker`)."""

from django_tasks import task

from comptoir.parties.services import prospects_erase_unreviewed, prospects_flag_stale


@task()
def prospects_review() -> dict:
    """The GDPR retention of prospects: flag those untouched for three years, then erase the
    ones flagged over 30 days ago that nobody has dealt with. Erasing first means a prospect
    flagged today is never erased in the same run."""
    erased = prospects_erase_unreviewed()
    flagged = prospects_flag_stale()
    return {"flagged": flagged, "erased": erased}
